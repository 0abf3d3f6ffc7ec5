"""Bytes to text: one fixed order of encodings, so the same bytes always give the same text.

A byte order mark (UTF-8, UTF-16, UTF-32) decides; else UTF-16 without a mark is
recognised by its zero bytes; else strict UTF-8; else UTF-8 with each invalid byte
read as Windows-1252. Never by locale or statistical guessing. Line ends become
``\\n``, stray NUL and control characters are removed and the text is put in
Unicode NFC form; images, archives and other binary data are refused with
``BinaryContentError``. What a person should know (a guessed encoding, replaced
bytes) comes back as notes, which ``generator.folders`` turns into warnings.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's bytes as text, the codec that read them and what a person should know."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


class BinaryContentError(ValueError):
    """The bytes are not text (an image, an archive, or mostly control bytes)."""


_BOMS = (
    # UTF-32 LE starts with the UTF-16 LE mark, so it is tried first.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an office document (.docx, .odt)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3\x02", "an MP3 file"),
    (b"ID3\x03", "an MP3 file"),
    (b"ID3\x04", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"\x00asm", "a WebAssembly module"),
)

_WINDOWS_1252 = tuple(
    bytes([byte]).decode("cp1252", errors="replace") for byte in range(256)
)
"""How Windows-1252 reads each byte; the five bytes it leaves undefined read as U+FFFD."""

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ANSI_ESCAPE = re.compile("\x1b\\[[0-9;?]*[ -/]*[@-~]")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
"""Control characters, byte order marks and noncharacters: never part of an article's text."""
_BINARY_CONTROL_SHARE = 0.05
"""Above this share of control characters, a "text" file is really binary data."""


def decode_bytes(data: bytes) -> DecodedText:
    """Return ``data`` decoded as text, with line ends as ``\\n`` and control characters removed.

    The order is fixed so the result never depends on the machine: a byte order
    mark (UTF-8, UTF-16, UTF-32) decides; else strict UTF-8; else UTF-8 with every
    byte that is not valid UTF-8 read as Windows-1252 (which also reads Latin-1
    text, with curly quotes 0x93/0x94 as “ ”), undefined bytes becoming U+FFFD.
    UTF-16 without a mark is recognised by its pattern of zero bytes. Raises
    ``BinaryContentError`` for images, archives and other binary data.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryContentError(f"looks like a binary file ({kind}), not an article")
    if data[4:8] == b"ftyp":
        raise BinaryContentError("looks like a binary file (an MP4 or HEIC media file), not an article")
    notes: list[str] = []
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            text = _decode_or_replace(data[len(bom):], codec, notes)
            break
    if text is None:
        # An odd length is a UTF-16 file cut short (or given a stray last byte): judge it
        # by its whole code units, and say the last byte was dropped.
        units = data[:-1] if len(data) % 2 else data
        utf16 = _bomless_utf16(units)
        if utf16 is not None:
            encoding = utf16
            text = _decode_or_replace(units, utf16, notes)
            notes.append(f"has no byte order mark but reads as {utf16.upper()}; it was read that way")
            if len(units) < len(data):
                notes.append("has an odd number of bytes, so its last byte is half a UTF-16 character; "
                             "it was dropped")
    if text is None:
        zeros = data.count(0)
        if zeros > 4 and zeros * 50 > len(data):
            raise BinaryContentError(f"looks like a binary file ({zeros} NUL bytes), not an article")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _utf8_with_windows_1252(data, notes)
    return DecodedText(_normalise(text, notes), encoding, tuple(notes))


def _decode_or_replace(data: bytes, codec: str, notes: list[str]) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        notes.append(f"has bytes that are not valid {codec.upper()}; they were replaced with U+FFFD")
        return text


def _bomless_utf16(data: bytes) -> str | None:
    """Return the UTF-16 codec when zero bytes fall on one side of most code units, else None."""
    if len(data) < 16 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    units = len(data) // 2
    for codec, zeros, other in (("utf-16-le", odd_zeros, even_zeros), ("utf-16-be", even_zeros, odd_zeros)):
        if zeros * 10 >= units * 4 and other * 50 <= units:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _utf8_with_windows_1252(data: bytes, notes: list[str]) -> tuple[str, str]:
    # surrogateescape keeps every valid UTF-8 sequence and marks each invalid
    # byte as U+DC80..U+DCFF, so a Latin-1 file and a UTF-8 file with a few
    # pasted Windows-1252 characters are both read without mojibake.
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    multibyte = len(_VALID_NON_ASCII.findall(escaped))
    text = _ESCAPED_BYTE.sub(lambda match: _WINDOWS_1252[ord(match.group()) - 0xDC00], escaped)
    undefined = text.count("\ufffd") - escaped.count("\ufffd")
    if multibyte:
        notes.append(f"mixes UTF-8 with {invalid} byte(s) in another encoding; those were read as "
                     "Windows-1252; save the file as UTF-8 to be sure")
        encoding = "utf-8+cp1252"
    else:
        notes.append("is not UTF-8; it was read as Windows-1252 (Latin-1); save it as UTF-8 to be sure")
        encoding = "cp1252"
    if undefined:
        notes.append(f"has {undefined} byte(s) that no encoding tried could read; they were replaced with U+FFFD")
    return text, encoding


def _normalise(text: str, notes: list[str]) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _ANSI_ESCAPE.sub("", text)
    zeros = text.count("\x00")
    marks = text.count("\ufeff")
    controls = len(CONTROL_CHARACTERS.findall(text))
    replaced = text.count("\ufffd")
    if controls + replaced > 4 and (controls + replaced) > _BINARY_CONTROL_SHARE * len(text):
        raise BinaryContentError("looks like a binary file (mostly control characters), not an article")
    if controls:
        text = CONTROL_CHARACTERS.sub("", text)
        stray = controls - zeros - marks
        if zeros:
            notes.append(f"had {zeros} NUL byte(s); they were removed")
        if stray > 0:
            notes.append(f"had {stray} control character(s); they were removed")
    return unicodedata.normalize("NFC", text)
