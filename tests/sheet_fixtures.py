"""Interview trackers exported by the programs people use, byte for byte.

Each constant holds the exact bytes the named program writes for a small tracker (the cell
contents are ours). They are written as bytes literals so that no editor, git setting or
Python default can change an encoding, a byte-order mark or a line ending on the way.
"""

from __future__ import annotations

# Excel on Windows, "CSV (Comma delimited)", German regional settings. Excel writes the
# Windows code page of the locale (cp1252: "€" is byte 0x80, "ü" 0xFC), no byte-order mark,
# and the locale's list separator, which is a semicolon wherever the comma is the decimal
# mark. Rows end in CRLF, the last one too. A cell is quoted only when it holds the
# separator, a quote (doubled) or a line break; dates are written as the cells show them.
EXCEL_WINDOWS_CP1252 = (
    b"Company;Role;Date;Time Zone;Contact Name;Contact Email;Salary;Notes\r\n"
    b"B\xe4ckerei M\xfcller GmbH;Verk\xe4ufer;30.11.2026 14:00;Europe/Berlin;J\xfcrgen Gro\xdf;"
    b'j.gross@mueller.example;3.500 \x80;"F\xfchrung; Kasse"\r\n'
    b"B\xe4ckerei M\xfcller GmbH;Verk\xe4ufer;30.11.2026 14:00;Europe/Berlin;Anna Wei\xdf;"
    b"a.weiss@mueller.example;;\r\n"
)

# Excel on Windows, "CSV UTF-8 (Comma delimited)", US regional settings: UTF-8 with a
# byte-order mark (EF BB BF), commas, CRLF after every row. A line break inside a cell is a
# bare LF inside quotes; a quote inside a cell is doubled. US dates show month first.
EXCEL_WINDOWS_UTF8 = (
    b"\xef\xbb\xbfCompany,Role,Date,Time Zone,Contact Name,Contact Email,job_link,Notes\r\n"
    b"Caf\xc3\xa9 Zo\xc3\xa9,Chef de partie,11/30/2026 14:00,America/New_York,"
    b"Zo\xc3\xa9 Dubois,zoe@cafe.example,https://jobs.example/1,"
    b'"the tasting menu, ""farm to table""\nTeam of four."\r\n'
    b"Caf\xc3\xa9 Zo\xc3\xa9,Chef de partie,11/30/2026 14:00,America/New_York,"
    b"Marc Lef\xc3\xa8vre,marc@cafe.example,,\r\n"
)

# Excel, "Unicode Text (*.txt)": UTF-16 little-endian with a byte-order mark (FF FE), tabs
# between cells, CRLF after every row; cells with a tab, quote or line break are quoted.
EXCEL_UNICODE_TEXT = (
    "\ufeffCompany\tRole\tDate\tTime Zone\tContact Name\tContact Phone\tNotes\r\n"
    "Nordlicht AB\tUtvecklare\t30/11/2026\tEurope/Stockholm\t\u00c5sa \u00d6berg\t"
    '+46 8 123 456\t"the \u201cnorthern lights\u201d\tproject"\r\n'
).encode("utf-16-le")

# LibreOffice Calc, "Text CSV" with its defaults on Linux: UTF-8 without a byte-order mark,
# commas, LF line ends (the last row too), quotes only where needed ("Quote all text cells"
# is off). Cells keep their own number format: these dates were typed as ISO dates.
LIBREOFFICE = (
    b"company,role,date,timezone,contact_name,contact_email,contact_title\n"
    b"Globex,Data Engineer,2026-11-18 10:00:00,Europe/Berlin,Sam Taylor,sam@globex.example,"
    b'"Head of Data, EMEA"\n'
)

# Google Sheets, File > Download > Comma Separated Values: UTF-8 without a byte-order
# mark, commas, CRLF between rows and no line break after the last one; quotes only where
# needed. Dates are written as the sheet shows them (US locale: month first, seconds shown).
GOOGLE_SHEETS = (
    b"Company,Role,Interview Date,Contact Name,Contact Email,Decision Date,Status\r\n"
    b"Initech,Engineer,11/19/2026 10:00:00,Bill Lumbergh,bill@initech.example,12/1/2026,"
    b"Waiting\r\n"
    b"Initech,Engineer,11/19/2026 10:00:00,Milton Waddams,milton@initech.example,,"
)
