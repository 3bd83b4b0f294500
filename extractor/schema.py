"""Pydantic models of the output contract (schema version 1).

The models mirror the record specification field by field: closed vocabularies are
``Literal`` types, unknown keys are rejected, and ``Article.model_json_schema()`` is what
``extractor schema`` prints. Gold files use the same models with most fields optional
(see ``GoldMeasure``), so one definition serves output, annotation and evaluation.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

ActionType = Literal[
    "impose", "increase", "extend", "reinstate",
    "reduce", "ease", "suspend", "lift", "delay", "exempt",
]
Direction = Literal["restrictive", "liberalizing"]
InstrumentType = Literal[
    "tariff", "trade_remedy", "export_ban", "export_control", "export_quota", "export_tax",
    "import_ban", "import_quota", "entity_list", "investment_restriction", "sanction", "other",
]
Modality = Literal[
    "asserted", "planned", "agreed", "threatened", "proposed", "hypothetical", "negated",
]
MagnitudeKind = Literal["rate", "previous_rate", "change", "coverage", "quota"]
DateRole = Literal["announced", "effective", "until", "original"]
DateMod = Literal["start", "mid", "end", "approx"]

ACTION_TYPES: tuple[str, ...] = get_args(ActionType)
INSTRUMENT_TYPES: tuple[str, ...] = get_args(InstrumentType)
MODALITIES: tuple[str, ...] = get_args(Modality)

RESTRICTIVE_ACTIONS = frozenset({"impose", "increase", "extend", "reinstate"})
QUOTA_INSTRUMENTS = frozenset({"export_quota", "import_quota"})

# The product vocabulary of the specification. Ids outside it may appear in output
# (the spec allows adding ids) but are neither rewarded nor penalised when scored.
PRODUCT_VOCABULARY = frozenset({
    "critical_minerals", "dual_use_items", "all_goods", "processing_technology",
    "rare_earths", "dysprosium", "terbium", "samarium", "gadolinium", "lutetium", "scandium",
    "yttrium", "neodymium", "praseodymium", "rare_earth_magnets", "gallium", "germanium",
    "antimony", "graphite", "lithium", "cobalt", "nickel", "tungsten", "molybdenum", "indium",
    "bismuth", "tellurium", "magnesium", "manganese", "copper", "aluminium", "tin", "zinc",
    "titanium", "vanadium", "silicon", "polysilicon", "iron_ore", "steel", "coal", "uranium",
    "platinum_group_metals", "superhard_materials", "synthetic_diamond", "boron_nitride",
    "battery_materials", "semiconductors", "chipmaking_equipment", "electric_vehicles",
    "automobiles", "auto_parts", "batteries", "solar_products", "aircraft", "pharmaceuticals",
    "lumber", "soybeans", "corn", "wheat", "rice", "pork", "beef", "agricultural_products",
})


def direction_of(action: str, instrument: str) -> Direction:
    """Return the direction an action has on an instrument.

    Restrictive actions restrict, the rest liberalise; for quotas the direction inverts,
    since cutting a quota restricts and raising one liberalises.
    """
    restrictive = action in RESTRICTIVE_ACTIONS
    if instrument in QUOTA_INSTRUMENTS and action in {"increase", "reduce"}:
        restrictive = not restrictive
    return "restrictive" if restrictive else "liberalizing"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Party(Strict):
    country: str | None = Field(description="ISO 3166-1 alpha-3, EUU for the EU, null when unknown")
    text: str | None = None


class Action(Strict):
    type: ActionType
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Instrument(Strict):
    type: InstrumentType
    subtype: str | None = None
    text: str | None = None


class Product(Strict):
    id: str | None
    text: str | None = None


class Magnitude(Strict):
    value: float
    unit: str
    kind: MagnitudeKind
    text: str | None = None


class DateRef(Strict):
    role: DateRole
    value: str | None
    mod: DateMod | None = None
    text: str | None = None


class Duration(Strict):
    value: str = Field(pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
    text: str | None = None


class Evidence(Strict):
    start: int | None = None
    end: int | None = None
    text: str


class Measure(Strict):
    id: str
    actor: Party
    action: Action
    direction: Direction
    instrument: Instrument
    products: list[Product] = []
    partners: list[Party] = []
    magnitudes: list[Magnitude] = []
    dates: list[DateRef] = []
    duration: Duration | None = None
    modality: Modality = "asserted"
    historical: bool = False
    evidence: Evidence
    provenance: list[str] = []
    confidence: float = Field(ge=0.0, le=1.0)


class ExtractorInfo(Strict):
    version: str
    model: str


class Article(Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str
    source: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    text: str
    measures: list[Measure] = []
    warnings: list[str] = []
    extractor: ExtractorInfo

    @model_validator(mode="after")
    def _evidence_slices_text(self) -> Article:
        for measure in self.measures:
            ev = measure.evidence
            if ev.start is not None and self.text[ev.start:ev.end] != ev.text:
                raise ValueError(f"measure {measure.id}: evidence offsets do not slice the text")
        return self


class GoldMeasure(Strict):
    """A measure as annotated in a gold file: only the scored fields are required."""

    actor: Party
    action: Action
    direction: Direction | None = None
    instrument: Instrument
    products: list[Product] = []
    partners: list[Party] = []
    magnitudes: list[Magnitude] = []
    dates: list[DateRef] = []
    duration: Duration | None = None
    modality: Modality
    historical: bool
    evidence: Evidence
    note: str | None = None


class GoldFile(Strict):
    doc_id: str
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    note: str | None = None
    measures: list[GoldMeasure]
