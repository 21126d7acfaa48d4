"""Bytes to text: reject binaries, detect encodings, and say clearly when neither works."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import BinaryInput, EmptyInput, UndecodableInput

# Magic numbers of formats people drop into an input folder by mistake.
_BINARY_MAGIC = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF", b"\x1f\x8b": "gzip", b"\x7fELF": "ELF executable", b"SQLite format 3": "SQLite",
}


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a text file's bytes: UTF-8 first, else the detected encoding; refuse binaries."""
    if not data.strip():
        raise EmptyInput(where)
    refuse_binary_magic(data, where)
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig")):
        if data.startswith(bom):
            return data.decode(codec)
    # UTF-16 without BOM shows as many NULs; other NULs mean a binary file.
    if b"\x00" in data[:4096]:
        raise BinaryInput(where, "contains NUL bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UndecodableInput(where, "no encoding fits the bytes")
    text = data.decode(best.encoding, errors="strict")
    if _control_ratio(text) > 0.05:
        raise BinaryInput(where, "mostly control characters")
    return text


def refuse_binary_magic(data: bytes, where: str) -> None:
    """Raise BinaryInput when ``data`` starts like a PDF, an archive, an image or an executable."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInput(where, kind)


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(1, len(sample))
