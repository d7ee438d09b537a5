"""Importing archived bulletins: read (text, Word, WPS, PDF — see ``readers``), parse, load."""

from .decoding import DecodedText, decode_bulletin
from .errors import BulletinImportError
from .parser import parse_bulletin
from .structure import Masthead, Notice, ParsedArticle, ParsedBulletin, ParsedSection

__all__ = [
    "BulletinImportError",
    "DecodedText",
    "Masthead",
    "Notice",
    "ParsedArticle",
    "ParsedBulletin",
    "ParsedSection",
    "decode_bulletin",
    "parse_bulletin",
]
