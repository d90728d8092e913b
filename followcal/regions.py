"""A zone's region: the subdivision whose public holidays a company in that zone keeps.

Some holidays belong to a region, not the whole country: England's Easter Monday and late
summer bank holiday, New South Wales's Labour Day. Where a time zone covers a single
region, an entry without `country` gets that region, so its holidays count.

Source: the comment column of tzdata's zone.tab ("Australia/Sydney  New South Wales (most
areas)"), read by hand into ISO 3166-2 codes as the `holidays` package spells them; only
zones whose comment names one region are listed (America/Toronto covers Ontario and Quebec,
so it stays Canada as a whole). Europe/London has no comment (it is the whole United
Kingdom): it maps to England, where most of the UK lives and works; a company in
Scotland, Wales or Northern Ireland says so with `country = "GB-SCT"` and the like.
"""

from __future__ import annotations

from followcal.timezones import zone_country

ZONE_REGIONS: dict[str, str] = {
    # Australia: one state or territory a zone (Canberra is a link to Sydney in tzdata).
    "Australia/Sydney": "AU-NSW",
    "Australia/Broken_Hill": "AU-NSW",
    "Australia/Lord_Howe": "AU-NSW",
    "Australia/Canberra": "AU-ACT",
    "Australia/ACT": "AU-ACT",
    "Australia/Melbourne": "AU-VIC",
    "Australia/Brisbane": "AU-QLD",
    "Australia/Lindeman": "AU-QLD",
    "Australia/Adelaide": "AU-SA",
    "Australia/Perth": "AU-WA",
    "Australia/Eucla": "AU-WA",
    "Australia/Hobart": "AU-TAS",
    "Australia/Darwin": "AU-NT",
    # The United Kingdom (see above).
    "Europe/London": "GB-ENG",
    "Europe/Belfast": "GB-NIR",
    # Canada: the zones of one province or territory.
    "America/St_Johns": "CA-NL",
    "America/Goose_Bay": "CA-NL",
    "America/Glace_Bay": "CA-NS",
    "America/Moncton": "CA-NB",
    "America/Iqaluit": "CA-NU",
    "America/Rankin_Inlet": "CA-NU",
    "America/Resolute": "CA-NU",
    "America/Cambridge_Bay": "CA-NU",
    "America/Regina": "CA-SK",
    "America/Swift_Current": "CA-SK",
    "America/Inuvik": "CA-NT",
    "America/Vancouver": "CA-BC",
    "America/Creston": "CA-BC",
    "America/Dawson_Creek": "CA-BC",
    "America/Fort_Nelson": "CA-BC",
    "America/Whitehorse": "CA-YT",
    "America/Dawson": "CA-YT",
    # The United States: the zones of one state.
    "America/Detroit": "US-MI",
    "America/Menominee": "US-MI",
    "America/Kentucky/Louisville": "US-KY",
    "America/Kentucky/Monticello": "US-KY",
    "America/Indiana/Indianapolis": "US-IN",
    "America/Indiana/Vincennes": "US-IN",
    "America/Indiana/Winamac": "US-IN",
    "America/Indiana/Marengo": "US-IN",
    "America/Indiana/Petersburg": "US-IN",
    "America/Indiana/Vevay": "US-IN",
    "America/Indiana/Tell_City": "US-IN",
    "America/Indiana/Knox": "US-IN",
    "America/North_Dakota/Center": "US-ND",
    "America/North_Dakota/New_Salem": "US-ND",
    "America/North_Dakota/Beulah": "US-ND",
    "America/Phoenix": "US-AZ",
    "America/Anchorage": "US-AK",
    "America/Juneau": "US-AK",
    "America/Sitka": "US-AK",
    "America/Metlakatla": "US-AK",
    "America/Yakutat": "US-AK",
    "America/Nome": "US-AK",
    "America/Adak": "US-AK",
    "Pacific/Honolulu": "US-HI",
    # Spain, Portugal, New Zealand, Germany: islands and enclaves with their own days.
    "Atlantic/Canary": "ES-CN",
    "Atlantic/Madeira": "PT-30",
    "Atlantic/Azores": "PT-20",
    "Pacific/Chatham": "NZ-CIT",
    "Europe/Busingen": "DE-BW",
    # Brazil: the zones of one state.
    "America/Recife": "BR-PE",
    "America/Noronha": "BR-PE",
    "America/Araguaina": "BR-TO",
    "America/Bahia": "BR-BA",
    "America/Campo_Grande": "BR-MS",
    "America/Cuiaba": "BR-MT",
    "America/Santarem": "BR-PA",
    "America/Porto_Velho": "BR-RO",
    "America/Boa_Vista": "BR-RR",
    "America/Manaus": "BR-AM",
    "America/Eirunepe": "BR-AM",
    "America/Rio_Branco": "BR-AC",
}


def zone_region(zone_name: str) -> str | None:
    """The holidays a company in this zone keeps: its region ("Europe/London" -> "GB-ENG")
    where the zone covers one, else its country ("Europe/Berlin" -> "DE"), else None."""
    name = zone_name.strip()
    return ZONE_REGIONS.get(name) or zone_country(name)
