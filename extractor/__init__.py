"""extractor: news articles about trade policy in, validated measure records out.

    from extractor import extract
    article = extract(text, published="2025-11-08", doc_id="seed")
"""

__version__ = "0.1.0"

from .pipeline import extract, extract_document, extract_path  # noqa: E402
from .schema import Article, Measure  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["extract", "extract_document", "extract_path", "Article", "Measure", "Settings", "__version__"]
