#!/usr/bin/env python3
"""Prints the features of a Mapbox Vector Tile one per line, sorted, for run.sh to compare two tiles.

    mvt-features.py FILE          (the tile's bytes; FILE may be empty: an empty tile)
    mvt-features.py --hex FILE    (the tile as hex digits, as psql shows a bytea, with or without \\x)

Two tiles with the same features can differ in bytes: ST_AsMVT writes features in the order rows reach
it and numbers attribute keys and values in order of first use, so another query plan gives another
byte string. Each line here is a feature as such: layer, id, type, its attributes by name, and its
geometry commands, which do not depend on that order. Standard library only.
"""
import struct
import sys


def fields(data):
    """Yields (field number, wire type, value) of a protobuf message."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 2:
            length, i = varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def varint(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def packed(data):
    values, i = [], 0
    while i < len(data):
        value, i = varint(data, i)
        values.append(value)
    return values


def value_text(data):
    for number, _, value in fields(data):
        if number == 1:
            return "s:" + value.decode("utf-8")
        if number == 2:
            return "f:%r" % struct.unpack("<f", value)[0]
        if number == 3:
            return "d:%r" % struct.unpack("<d", value)[0]
        if number in (4, 5):
            return "i:%d" % (value - (1 << 64) if number == 4 and value >= 1 << 63 else value)
        if number == 6:
            return "i:%d" % ((value >> 1) ^ -(value & 1))
        if number == 7:
            return "b:%d" % value
    return "?"


def features(tile):
    lines = []
    for number, _, layer in fields(tile):
        if number != 3:
            continue
        name, keys, values, raw = "", [], [], []
        for field, _, value in fields(layer):
            if field == 1:
                name = value.decode("utf-8")
            elif field == 2:
                raw.append(value)
            elif field == 3:
                keys.append(value.decode("utf-8"))
            elif field == 4:
                values.append(value_text(value))
        for feature in raw:
            fid, kind, tags, geometry = "-", 0, [], []
            for field, wire, value in fields(feature):
                if field == 1:
                    fid = str(value)
                elif field == 2:
                    tags += packed(value) if wire == 2 else [value]
                elif field == 3:
                    kind = value
                elif field == 4:
                    geometry += packed(value) if wire == 2 else [value]
            attributes = sorted("%s=%s" % (keys[tags[i]], values[tags[i + 1]]) for i in range(0, len(tags), 2))
            lines.append("%s %s %d %s %s" % (name, fid, kind, ";".join(attributes), ",".join(map(str, geometry))))
    return sorted(lines)


def main():
    hex_input = sys.argv[1] == "--hex"
    with open(sys.argv[-1], "rb") as file:
        data = file.read()
    if hex_input:
        text = data.decode("ascii").strip()
        data = bytes.fromhex(text[2:] if text.startswith("\\x") else text)
    for line in features(data):
        print(line)


if __name__ == "__main__":
    main()
