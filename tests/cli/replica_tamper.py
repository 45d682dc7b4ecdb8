#!/usr/bin/env python3
"""Tamper with published replica files for tests/cli/replica.sh.

replica_tamper.py bundle FILE        flip a bit of a record in an entry bundle
replica_tamper.py signature FILE     change a character of a checkpoint signature
replica_tamper.py proof IN OUT       flip a bit of the first proof hash
"""
import base64
import json
import sys


def main():
    what, path = sys.argv[1], sys.argv[2]
    if what == "proof":
        doc = json.load(open(path))
        h = bytearray(base64.b64decode(doc["entries"][0]["proof"][0]))
        h[0] ^= 1
        doc["entries"][0]["proof"][0] = base64.b64encode(h).decode()
        json.dump(doc, open(sys.argv[3], "w"))
        return
    data = bytearray(open(path, "rb").read())
    if what == "bundle":
        i = data.find(b"Acacia honey")
        data[i] ^= 0x01  # "Acacia honey" -> "@cacia honey"
    elif what == "signature":
        i = len(data) - 10  # inside the last signature's base64
        data[i] = ord("A") if data[i] != ord("A") else ord("B")
    open(path, "wb").write(data)


main()
