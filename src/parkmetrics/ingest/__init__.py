"""Import wing: reads Word/Excel/PDF/text reports into cell grids and recognises the self-evaluation table; may import parkmetrics.errors, parkmetrics.figures and parkmetrics.data only."""  # noqa: E501

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Cell, Document, Grid, Position
from parkmetrics.ingest.open import open_document
from parkmetrics.ingest.recognise import recognise

__all__ = ["Cell", "Document", "Grid", "IngestError", "Position", "open_document", "recognise"]
