"""File readers: bytes of a .txt, .docx, .xlsx, .pdf (or an old Office file) to blocks."""
