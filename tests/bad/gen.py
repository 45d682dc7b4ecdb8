#!/usr/bin/env python3
"""gen.py NAME OUT - make a bad input too big or too odd to commit.

Used by catalogue.sh for the MANIFEST.tsv entries written gen:NAME."""
import os
import subprocess
import sys

NS = 'xmlns="urn:agtrace:batch:1"'
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def huge_attribute(out):
    """A 32 MiB attribute value: must be refused, not buffered forever."""
    write(out, HEAD + f'<batch {NS}>\n  <supplier id="S0001" name="'
          + 'x' * (32 << 20) + '"/>\n</batch>\n')


def huge_text(out):
    """A 32 MiB public key."""
    write(out, HEAD + f'<batch {NS}>\n  <agency id="A01" name="L" accreditation="C">'
          '<public-key alg="ed25519">' + 'QUFB' * (8 << 20)
          + '</public-key></agency>\n</batch>\n')


def deep_nesting(out):
    """100,000 nested elements: libxml2's depth limit, not a stack overflow."""
    n = 100000
    write(out, HEAD + f'<batch {NS}>' + '<supplier>' * n + '</supplier>' * n
          + '</batch>\n')


def many_attributes(out):
    """One element with 100,000 attributes."""
    attrs = ' '.join(f'a{i}="v"' for i in range(100000))
    write(out, HEAD + f'<batch {NS}>\n  <supplier id="S1" name="n" {attrs}/>\n</batch>\n')


def long_name(out):
    """A 1 MiB element name."""
    write(out, HEAD + f'<batch {NS}>\n  <' + 'a' * (1 << 20) + '/>\n</batch>\n')


def long_payload(out):
    """A 1 MiB scanner line."""
    write(out, '(01)06901234567892(10)' + 'A' * (1 << 20) + '\n')


def empty_dir(out):
    os.makedirs(out, exist_ok=True)


def garbage_register(out):
    """A directory whose data.mdb is not an LMDB file."""
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, 'data.mdb'),
          bytes((i * 2654435761 >> 9) & 0xff for i in range(65536)))


def truncated_register(out):
    """A directory whose data.mdb stops after its first page."""
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, 'data.mdb'), b'\0' * 100)


def sample_register(out, *edits):
    """A sample register (tests/tools/mkregister), then tamper EDITS."""
    subprocess.run([os.environ['MKREG'], out], check=True,
                   stdout=subprocess.DEVNULL)
    for e in edits:
        subprocess.run([os.environ['TAMPER'], out] + e.split(), check=True,
                       stdout=subprocess.DEVNULL)


def newer_register(out):
    """A register whose format number is from a future agtrace."""
    sample_register(out, 'put meta format 00000063')


def formatless_register(out):
    """An LMDB environment with the register's databases but no format."""
    sample_register(out, 'del meta format')


def headless_register(out):
    """A register whose ledger head record is gone."""
    sample_register(out, 'del meta head')


def ledgerless_register(out):
    """A register whose ledger database is gone."""
    sample_register(out, 'drop ledger')


def world_writable_register(out):
    """A sample register in a directory anyone may write to."""
    sample_register(out)
    os.chmod(out, 0o777)


def file_not_dir(out):
    write(out, 'a plain file where a register directory should be\n')


GENS = {f.__name__.replace('_', '-'): f for f in (
    huge_attribute, huge_text, deep_nesting, many_attributes, long_name,
    long_payload, empty_dir, garbage_register, truncated_register,
    file_not_dir, newer_register, formatless_register, headless_register,
    ledgerless_register,
    world_writable_register)}

if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in GENS:
        sys.exit('usage: gen.py {%s} OUT' % '|'.join(sorted(GENS)))
    GENS[sys.argv[1]](sys.argv[2])
