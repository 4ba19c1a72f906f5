#!/usr/bin/env python3
"""Fails when the translated template (CloudFormation JSON, after AWS's SAM translator) has a dependency loop.

CloudFormation refuses a stack whose resources depend on each other in a circle (for example a bucket whose
notification names a function whose environment names the bucket), but the SAM translator does not check it, so a
template can translate and still never deploy. A dependency is a Ref, a Fn::GetAtt, a ${Name} or ${Name.Attr} inside
Fn::Sub, or a DependsOn.
Usage: check-cycles.py translated.json
"""
import json
import re
import sys

SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def references(node, names, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str) and value in names:
                found.add(value)
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) else str(value).split(".")[0]
                if target in names:
                    found.add(target)
            elif key == "Fn::Sub":
                text, variables = (value[0], value[1]) if isinstance(value, list) else (value, {})
                for name in SUB_NAME.findall(text):
                    if name in names and name not in variables:
                        found.add(name)
                references(variables, names, found)
            else:
                references(value, names, found)
    elif isinstance(node, list):
        for item in node:
            references(item, names, found)


def main(path):
    resources = json.load(open(path))["Resources"]
    names = set(resources)
    edges = {}
    for name, resource in resources.items():
        found = set()
        references(resource.get("Properties", {}), names, found)
        depends = resource.get("DependsOn", [])
        found.update([depends] if isinstance(depends, str) else depends)
        edges[name] = sorted(found & names)
    # Depth-first search with colours: grey on the stack, black done; a grey neighbour closes a loop.
    colour = {}
    for start in sorted(names):
        if colour.get(start):
            continue
        stack = [(start, iter(edges[start]))]
        path = [start]
        colour[start] = "grey"
        while stack:
            node, neighbours = stack[-1]
            step = next(neighbours, None)
            if step is None:
                colour[node] = "black"
                stack.pop()
                path.pop()
            elif colour.get(step) == "grey":
                loop = path[path.index(step):] + [step]
                print("check-cycles: CloudFormation would refuse this loop: " + " -> ".join(loop))
                return 1
            elif not colour.get(step):
                colour[step] = "grey"
                stack.append((step, iter(edges[step])))
                path.append(step)
    print(f"check-cycles: ok ({len(names)} resources, no dependency loop)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
