"""Small PDFs written by hand for the tests: text placed at given positions in the
Adobe-GB1 font every PDF reader knows (STSong-Light, nothing embedded), optionally
encrypted with a user password (the standard security handler, RC4, revision 2).

A document that the tests lay out themselves shows what the reader does with a
layout that no shared sample has (the national template of 公开01–10表 in a PDF,
figures a few points off their row, a scan without text, a password).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from pathlib import Path

Text = tuple[float, float, float, str]
"""A run of text: x and y from the page's top left, font size, text."""

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_ID = hashlib.md5(b"gfs_ledger tests").digest()


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _font() -> bytes:
    return (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
            b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            b"/CapHeight 880 /StemV 93 >> /DW 1000 /W [1 95 500] >>] >>")


def write_pdf(path: Path, pages: Sequence[tuple[float, float, Sequence[Text]]],
              *, password: str | None = None) -> Path:
    """Write pages of (width, height, runs of text) as a PDF; with ``password``, one
    that cannot be opened without it."""
    objects: list[bytes] = [_font()]
    pages_number = 1 + 2 * len(pages) + 1
    kids = []
    streams: list[int] = []
    for width, height, runs in pages:
        ops = [f"BT /F1 {size} Tf {x:.2f} {height - y - size:.2f} Td "
               f"<{text.encode('utf-16-be').hex()}> Tj ET" for x, y, size, text in runs]
        stream = "\n".join(ops).encode()
        objects.append(stream)
        streams.append(len(objects))
        objects.append(f"<< /Type /Page /Parent {pages_number} 0 R /MediaBox [0 0 {width} "
                       f"{height}] /Resources << /Font << /F1 1 0 R >> >> "
                       f"/Contents {len(objects)} 0 R >>".encode())
        kids.append(len(objects))
    objects.append(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                   f"/Count {len(kids)} >>".encode())
    objects.append(f"<< /Type /Catalog /Pages {pages_number} 0 R >>".encode())
    catalog = len(objects)
    key = None
    encrypt = b""
    if password is not None:
        padded = (password.encode("latin-1") + _PAD)[:32]
        owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
        permissions = -4
        key = hashlib.md5(padded + owner + struct.pack("<i", permissions) + _ID).digest()[:5]
        user = _rc4(key, _PAD)
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> /U <{user.hex()}> "
                       f"/P {permissions} >>".encode())
        encrypt = f" /Encrypt {len(objects)} 0 R".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        if number in streams:
            data = body
            if key is not None:
                object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()
                data = _rc4(object_key[:10], data)
            body = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /ID [<{_ID.hex()}> "
            f"<{_ID.hex()}>]").encode() + encrypt + f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def _width(text: str, size: float) -> float:
    return sum(size / 2 if ord(ch) < 128 else size for ch in text)


def text_as_pdf(text: str, path: Path, *, size: float = 7, offset: float = 0.0) -> Path:
    """A disclosure text laid out as a PDF, as a word processor would print it: each
    table's cells in columns as wide as their widest cell, prose wrapped, a page
    every 60 lines. ``offset`` moves every figure down that many points, as PDFs do
    whose digits sit in a separate text layer."""
    lines = text.splitlines()
    widths: dict[int, list[float]] = {}
    block: list[int] = []
    for n, line in enumerate([*lines, "end"]):
        if "\t" in line or (block and not line.strip()):
            block.append(n)  # a table runs on over blank lines
            continue
        if block:
            block = [k for k in block if lines[k].strip()]
            cells = [lines[k].split("\t") for k in block]
            columns = max(len(c) for c in cells)
            width = [max((_width(c[i].strip(), size) for c in cells if i < len(c)), default=0)
                     + 3 * size for i in range(columns)]
            for k in block:
                widths[k] = width
            block = []
    pages: list[tuple[float, float, list[Text]]] = []
    runs: list[Text] = []
    y = 40.0
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        if n in widths:
            x = 30.0
            for cell, width in zip(line.split("\t"), widths[n]):
                cell = cell.strip()
                if cell:
                    figure = cell.replace(",", "").replace(".", "").lstrip("-").isdigit()
                    runs.append((x, y + (offset if figure else 0.0), size, cell))
                x += width
            y += size * 2
        else:
            for start in range(0, len(line), 70):
                runs.append((30.0, y, size, line[start:start + 70]))
                y += size * 1.6
        if y > 60 * size * 2:
            pages.append((1600.0, y + 40, runs))
            runs, y = [], 40.0
    if runs:
        pages.append((1600.0, y + 40, runs))
    return write_pdf(path, pages)
