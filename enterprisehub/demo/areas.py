"""The five Austin-area markets of the demo: ZIP codes, coordinates, price and size ranges.

Figures are rounded from 2024-2025 public market summaries; they only need to look plausible
(entry $300-500k, mid $500k-1M, luxury $1M+) and be consistent inside each area.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTRY = "entry"
MID = "mid"
LUXURY = "luxury"
BANDS: dict[str, tuple[int, int]] = {
    ENTRY: (300_000, 500_000),
    MID: (500_000, 1_000_000),
    LUXURY: (1_000_000, 6_500_000),
}


def band_of(price: int) -> str:
    """The price band a list price falls in."""
    if price < BANDS[MID][0]:
        return ENTRY
    if price < BANDS[LUXURY][0]:
        return MID
    return LUXURY


@dataclass(frozen=True)
class Zip:
    code: str
    lat: tuple[float, float]
    lon: tuple[float, float]
    streets: tuple[str, ...] = ()  # when the area's streets would be wrong for this ZIP


@dataclass(frozen=True)
class Area:
    name: str
    city: str
    zips: tuple[Zip, ...]
    share: float  # of all demo listings
    bands: dict[str, float]  # weight of each price band
    price_cap: int  # highest list price in the area
    price_per_sqft: tuple[int, int]
    years: tuple[int, int]
    lot_acres: tuple[float, float]
    sub_types: dict[str, float]  # RESO PropertySubType → weight
    streets: tuple[str, ...]

    @property
    def price_range(self) -> tuple[int, int]:
        """Lowest and highest list price a listing in this area may have."""
        low = min(BANDS[band][0] for band, weight in self.bands.items() if weight > 0)
        return low, self.price_cap


SFR = "Single Family Residence"
CONDO = "Condominium"
TOWNHOUSE = "Townhouse"

AREAS: tuple[Area, ...] = (
    Area(
        name="Downtown",
        city="Austin",
        zips=(
            Zip(
                "78701",
                (30.262, 30.279),
                (-97.752, -97.736),
                ("Congress Ave", "Colorado St", "Lavaca St", "W 5th St", "Rainey St", "W 3rd St"),
            ),
            Zip(
                "78702",
                (30.252, 30.274),
                (-97.734, -97.702),
                (
                    "E 6th St",
                    "E Cesar Chavez St",
                    "Holly St",
                    "Chicon St",
                    "Tillery St",
                    "E 11th St",
                ),
            ),
            Zip(
                "78703",
                (30.272, 30.308),
                (-97.782, -97.752),
                (
                    "Enfield Rd",
                    "Windsor Rd",
                    "Exposition Blvd",
                    "Harthan St",
                    "W 9th St",
                    "Pecos St",
                ),
            ),
        ),
        share=0.26,
        bands={ENTRY: 0.15, MID: 0.45, LUXURY: 0.40},
        price_cap=4_500_000,
        price_per_sqft=(450, 850),
        years=(1925, 2024),
        lot_acres=(0.08, 0.35),
        sub_types={CONDO: 0.45, SFR: 0.40, TOWNHOUSE: 0.15},
        streets=(
            "Congress Ave",
            "Colorado St",
            "Lavaca St",
            "W 5th St",
            "E 6th St",
            "Rainey St",
            "Sabine St",
            "E Cesar Chavez St",
            "Holly St",
            "Chicon St",
            "Tillery St",
            "Enfield Rd",
            "Windsor Rd",
            "Exposition Blvd",
            "Harthan St",
            "W 9th St",
        ),
    ),
    Area(
        name="West Lake Hills",
        city="West Lake Hills",
        zips=(Zip("78746", (30.268, 30.325), (-97.835, -97.785)),),
        share=0.14,
        bands={ENTRY: 0.0, MID: 0.12, LUXURY: 0.88},
        price_cap=6_500_000,
        price_per_sqft=(450, 800),
        years=(1968, 2024),
        lot_acres=(0.30, 1.60),
        sub_types={SFR: 0.90, TOWNHOUSE: 0.10},
        streets=(
            "Westlake Dr",
            "Red Bud Trl",
            "Camp Craft Rd",
            "Redbud Trl",
            "Laurel Valley Rd",
            "Wildcat Hollow",
            "Yaupon Valley Rd",
            "Bee Caves Rd",
            "Toro Canyon Rd",
            "Terrace Mountain Dr",
            "Rollingwood Dr",
            "Pascal Ln",
        ),
    ),
    Area(
        name="Cedar Park",
        city="Cedar Park",
        zips=(Zip("78613", (30.482, 30.545), (-97.878, -97.792)),),
        share=0.20,
        bands={ENTRY: 0.50, MID: 0.45, LUXURY: 0.05},
        price_cap=1_600_000,
        price_per_sqft=(210, 310),
        years=(1984, 2025),
        lot_acres=(0.12, 0.45),
        sub_types={SFR: 0.85, TOWNHOUSE: 0.10, CONDO: 0.05},
        streets=(
            "Cypress Creek Rd",
            "Brushy Creek Rd",
            "Whitestone Blvd",
            "Ranch Trails Rd",
            "Buttercup Creek Blvd",
            "Lakeline Blvd",
            "Sun Chase Blvd",
            "Twin Creeks Club Dr",
            "Parmer Ln",
            "Anderson Mill Rd",
            "Cougar Country",
            "Quest Pkwy",
        ),
    ),
    Area(
        name="Round Rock",
        city="Round Rock",
        zips=(
            Zip("78664", (30.492, 30.528), (-97.690, -97.622)),
            Zip("78665", (30.530, 30.568), (-97.690, -97.622)),
            Zip("78681", (30.482, 30.543), (-97.758, -97.692)),
        ),
        share=0.24,
        bands={ENTRY: 0.60, MID: 0.37, LUXURY: 0.03},
        price_cap=1_400_000,
        price_per_sqft=(195, 285),
        years=(1978, 2025),
        lot_acres=(0.12, 0.40),
        sub_types={SFR: 0.88, TOWNHOUSE: 0.08, CONDO: 0.04},
        streets=(
            "Gattis School Rd",
            "Red Bud Ln",
            "Sam Bass Rd",
            "Greenlawn Blvd",
            "Teravista Pkwy",
            "University Blvd",
            "Forest Creek Dr",
            "Chisholm Trail Rd",
            "Sunrise Rd",
            "Creek Bend Blvd",
            "Paloma Dr",
            "Brushy Creek Dr",
        ),
    ),
    Area(
        name="Pflugerville",
        city="Pflugerville",
        zips=(Zip("78660", (30.412, 30.478), (-97.655, -97.572)),),
        share=0.16,
        bands={ENTRY: 0.75, MID: 0.25, LUXURY: 0.0},
        price_cap=999_000,
        price_per_sqft=(185, 265),
        years=(1982, 2025),
        lot_acres=(0.11, 0.35),
        sub_types={SFR: 0.92, TOWNHOUSE: 0.08},
        streets=(
            "Pecan St",
            "Kelly Ln",
            "Falcon Pointe Blvd",
            "Wells Branch Pkwy",
            "Pfennig Ln",
            "Swenson Farms Blvd",
            "Blackhawk Dr",
            "Picadilly Dr",
            "Heatherwilde Blvd",
            "Cele Rd",
            "Weiss Ln",
            "Settlers Valley Dr",
        ),
    ),
)
AREA_BY_NAME = {area.name: area for area in AREAS}
