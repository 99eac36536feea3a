#!/usr/bin/python3
"""Render a LAVA device dictionary into the device YAML lava-run reads.

usage: lava/render-device.py --types DIR DEVICE.jinja2 [--job JOB.yaml]
           [--set NAME=VALUE...] [-o OUT]

A LAVA server renders a device's dictionary (a Jinja2 file extending one of
lava-server's device types) against each job's `context:` before it hands the
result to lava-run. Without a server this does the same: DIR holds the device
types (lava-server's usr/share/lava-server/device-types, unpacked from the
package: apt-get download lava-server && dpkg -x), the dictionary's own
folder is searched first, and the job's context (if given) is passed in as
variables; --set gives a dictionary variable (ssh_host, connection_command...)
for this rendering. Errors: one line on stderr, exit 2.
"""
import argparse
import os
import sys

import jinja2
import yaml


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--types", required=True, help="lava-server device-types folder")
    ap.add_argument("--job", help="a job whose context: applies")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a device dictionary variable")
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    ap.add_argument("device", help="device dictionary (.jinja2)")
    args = ap.parse_args()

    try:
        context = {}
        if args.job:
            with open(args.job) as f:
                context = (yaml.safe_load(f) or {}).get("context") or {}
        for item in args.set:
            name, eq, value = item.partition("=")
            if not eq or not name.isidentifier():
                raise ValueError("--set %r: want NAME=VALUE" % item)
            context[name] = value
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(
                [os.path.dirname(os.path.abspath(args.device)), args.types]),
            autoescape=False, trim_blocks=True, undefined=jinja2.Undefined)
        text = env.get_template(os.path.basename(args.device)).render(**context)
        # What lava-run will read must at least be YAML with the device's actions.
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or "actions" not in data:
            raise ValueError("rendered device has no actions")
    except (OSError, jinja2.TemplateError, yaml.YAMLError, ValueError) as exc:
        print("render-device: %s: %s" % (args.device, str(exc).splitlines()[0]), file=sys.stderr)
        return 2
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
