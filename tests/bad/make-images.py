#!/usr/bin/env python3
"""make-images.py OUTDIR - how the broken PNG/PNM/GIF files in img/ were
made (run once, outputs committed).  qr.png is a QR code written by
`zint -b 58 --scale=4 -d 'https://id.example.cn/01/06901234567892/10/L20261120A'`.
cmyk.jpg (Adobe YCCK) and progressive.jpg hold the same QR code, written
with libjpeg (jpeg_set_colorspace(JCS_YCCK), jpeg_simple_progression());
truncated.jpg, huge-header.jpg (SOF 65500x65500), zero-height.jpg and
soi-garbage.jpg are edits of a baseline JPEG of it."""
import struct, zlib, sys, os
out = sys.argv[1]
def chunk(t, d, crc=None):
    c = zlib.crc32(t + d) if crc is None else crc
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', c & 0xffffffff)
SIG = b'\x89PNG\r\n\x1a\n'
def ihdr(w, h, depth=8, ctype=0):
    return chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0))
def png(w, h, rows, depth=8, ctype=0, extra=b''):
    raw = b''.join(b'\0' + r for r in rows)
    return SIG + ihdr(w, h, depth, ctype) + extra + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
qr = open('qr.png', 'rb').read()
def w(name, data):
    open(os.path.join(out, name), 'wb').write(data)
w('zero-size.png', b'')
w('truncated.png', qr[:len(qr) // 2])
w('signature-only.png', SIG)
w('huge-header.png', SIG + ihdr(100000, 100000) + chunk(b'IDAT', zlib.compress(b'\0' * 1000)) + chunk(b'IEND', b''))
w('zero-width.png', SIG + ihdr(0, 10) + chunk(b'IDAT', zlib.compress(b'\0' * 10)) + chunk(b'IEND', b''))
# a valid image whose IDAT CRC is wrong
i = qr.index(b'IDAT'); n = struct.unpack('>I', qr[i-4:i])[0]; crcpos = i + 4 + n
w('bad-crc.png', qr[:crcpos] + bytes([qr[crcpos] ^ 0xff]) + qr[crcpos+1:])
# IDAT whose zlib stream is garbage, CRC right
w('bad-zlib.png', SIG + ihdr(64, 64) + chunk(b'IDAT', b'\x78\x9c' + b'\xde\xad\xbe\xef' * 50) + chunk(b'IEND', b''))
# an IHDR length that runs past the end of the file
w('chunk-overrun.png', SIG + struct.pack('>I', 0x7ffffff0) + b'IHDR' + b'\0' * 20)
w('bad-depth.png', SIG + ihdr(16, 16, depth=7) + chunk(b'IDAT', zlib.compress(b'\0' * 300)) + chunk(b'IEND', b''))
w('not-image.png', b'This is a text file with a .png name.\n' * 4)
w('gif89a.gif', b'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;')
w('huge-header.pgm', b'P5\n100000 100000\n255\n' + b'\xff' * 64)
w('maxval-zero.pgm', b'P5\n4 4\n0\n' + b'\0' * 16)
w('negative-size.ppm', b'P6\n-4 4\n255\n' + b'\0' * 48)
w('truncated.pgm', b'P5\n200 200\n255\n' + b'\xff' * 100)
