"""Writes the glTF models this repository ships, made from boxes (no downloads).

    python3 assets/models/generate.py

- assets/models/robot.gltf: the example game's player, a robot whose parts are named nodes
  (Body, Head, Visor, ArmLeft, ArmRight, Antenna) under one root (Robot).
- tests/scenes/marker.gltf: the tests' small scene: a root (Marker) with two children
  (Left, Right), each a cube.

Every model is one self-contained .gltf file: JSON with its buffer embedded as base64.
"""

import base64
import json
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The six faces of a unit box: normal, then four corners counter-clockwise seen from outside.
FACES = [
    ((1, 0, 0), [(1, -1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1)]),
    ((-1, 0, 0), [(-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (-1, -1, -1)]),
    ((0, 1, 0), [(-1, 1, -1), (-1, 1, 1), (1, 1, 1), (1, 1, -1)]),
    ((0, -1, 0), [(-1, -1, 1), (-1, -1, -1), (1, -1, -1), (1, -1, 1)]),
    ((0, 0, 1), [(-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1)]),
    ((0, 0, -1), [(1, -1, -1), (-1, -1, -1), (-1, 1, -1), (1, 1, -1)]),
]


def box(half):
    """Positions, normals and indices of a box with half-extents `half`."""
    positions, normals, indices = [], [], []
    for normal, corners in FACES:
        base = len(positions)
        for corner in corners:
            positions.append(tuple(c * h for c, h in zip(corner, half)))
            normals.append(normal)
        indices += [base, base + 1, base + 2, base, base + 2, base + 3]
    return positions, normals, indices


class Gltf:
    def __init__(self):
        self.buffer = bytearray()
        self.doc = {
            "asset": {"version": "2.0", "generator": "bevy_js_worker assets/models/generate.py"},
            "scene": 0,
            "scenes": [{"name": "Scene", "nodes": []}],
            "nodes": [],
            "meshes": [],
            "materials": [],
            "accessors": [],
            "bufferViews": [],
            "buffers": [],
        }

    def _view(self, data, target):
        while len(self.buffer) % 4:
            self.buffer.append(0)
        offset = len(self.buffer)
        self.buffer += data
        self.doc["bufferViews"].append(
            {"buffer": 0, "byteOffset": offset, "byteLength": len(data), "target": target}
        )
        return len(self.doc["bufferViews"]) - 1

    def _accessor(self, view, component, count, kind, extra=None):
        accessor = {"bufferView": view, "componentType": component, "count": count, "type": kind}
        accessor.update(extra or {})
        self.doc["accessors"].append(accessor)
        return len(self.doc["accessors"]) - 1

    def material(self, name, rgba, metallic=0.1, roughness=0.6):
        self.doc["materials"].append(
            {
                "name": name,
                "pbrMetallicRoughness": {
                    "baseColorFactor": list(rgba),
                    "metallicFactor": metallic,
                    "roughnessFactor": roughness,
                },
            }
        )
        return len(self.doc["materials"]) - 1

    def box_mesh(self, name, half, material):
        positions, normals, indices = box(half)
        pos = self._view(b"".join(struct.pack("<3f", *p) for p in positions), 34962)
        nor = self._view(b"".join(struct.pack("<3f", *n) for n in normals), 34962)
        idx = self._view(struct.pack(f"<{len(indices)}H", *indices), 34963)
        lo = [min(p[i] for p in positions) for i in range(3)]
        hi = [max(p[i] for p in positions) for i in range(3)]
        attributes = {
            "POSITION": self._accessor(pos, 5126, len(positions), "VEC3", {"min": lo, "max": hi}),
            "NORMAL": self._accessor(nor, 5126, len(normals), "VEC3"),
        }
        index = self._accessor(idx, 5123, len(indices), "SCALAR")
        self.doc["meshes"].append(
            {
                "name": name,
                "primitives": [{"attributes": attributes, "indices": index, "material": material}],
            }
        )
        return len(self.doc["meshes"]) - 1

    def node(self, name, mesh=None, translation=None, children=None, root=False):
        node = {"name": name}
        if mesh is not None:
            node["mesh"] = mesh
        if translation is not None:
            node["translation"] = list(translation)
        if children:
            node["children"] = children
        self.doc["nodes"].append(node)
        index = len(self.doc["nodes"]) - 1
        if root:
            self.doc["scenes"][0]["nodes"].append(index)
        return index

    def write(self, path):
        data = base64.b64encode(bytes(self.buffer)).decode("ascii")
        self.doc["buffers"] = [
            {"byteLength": len(self.buffer), "uri": "data:application/octet-stream;base64," + data}
        ]
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            json.dump(self.doc, out, indent=1)
            out.write("\n")


def robot():
    g = Gltf()
    body_mat = g.material("Hull", (0.85, 0.55, 0.12, 1.0), metallic=0.4, roughness=0.4)
    dark = g.material("Joint", (0.15, 0.16, 0.2, 1.0))
    visor = g.material("Visor", (0.2, 0.9, 1.0, 1.0), metallic=0.0, roughness=0.2)
    light = g.material("Beacon", (1.0, 0.2, 0.2, 1.0))
    body = g.box_mesh("Body", (0.45, 0.55, 0.3), body_mat)
    head = g.box_mesh("Head", (0.3, 0.25, 0.28), body_mat)
    eye = g.box_mesh("Visor", (0.24, 0.07, 0.02), visor)
    arm = g.box_mesh("Arm", (0.12, 0.42, 0.12), dark)
    leg = g.box_mesh("Leg", (0.14, 0.3, 0.14), dark)
    antenna = g.box_mesh("Antenna", (0.04, 0.18, 0.04), light)
    children = [
        g.node("Head", head, (0, 0.85, 0), [
            g.node("Visor", eye, (0, 0.03, 0.29)),
            g.node("Antenna", antenna, (0.15, 0.42, 0)),
        ]),
        g.node("ArmLeft", arm, (-0.6, 0.05, 0)),
        g.node("ArmRight", arm, (0.6, 0.05, 0)),
        g.node("LegLeft", leg, (-0.22, -0.85, 0)),
        g.node("LegRight", leg, (0.22, -0.85, 0)),
    ]
    g.node("Robot", None, (0, 1.15, 0), [g.node("Body", body, None, children)], root=True)
    g.write(os.path.join(ROOT, "assets/models/robot.gltf"))


def marker():
    g = Gltf()
    red = g.material("Red", (0.9, 0.1, 0.1, 1.0))
    blue = g.material("Blue", (0.1, 0.2, 0.9, 1.0))
    left = g.box_mesh("LeftCube", (0.25, 0.25, 0.25), red)
    right = g.box_mesh("RightCube", (0.25, 0.25, 0.25), blue)
    g.node(
        "Marker",
        None,
        (0, 0.5, 0),
        [g.node("Left", left, (-1, 0, 0)), g.node("Right", right, (1, 0, 0))],
        root=True,
    )
    g.write(os.path.join(ROOT, "tests/scenes/marker.gltf"))


if __name__ == "__main__":
    robot()
    marker()
