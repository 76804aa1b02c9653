"""The columns of a cluster table: which header is which field, and economies by code or name.

WIPO prints the table with English headers; Chinese reposts translate them. Headers are
compared in one normal form (NFKC, case-folded, single spaces), so "Cluster name", "cluster
 name" and "CLUSTER NAME" are one header, as are "集群名称" and "集群名稱".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

#: Header texts per field, in normal form (see `header_key`): English and Chinese as WIPO and
#: its Chinese reposts print them.
HEADERS: dict[str, tuple[str, ...]] = {
    "rank": ("rank", "ranking", "cluster rank", "排名", "名次", "排位", "位次", "集群排名"),
    "name": (
        "cluster name",
        "cluster",
        "name",
        "science and technology cluster",
        "innovation cluster",
        "集群名称",
        "集群名稱",
        "集群",
        "科技集群",
        "创新集群",
        "創新集群",
        "名称",
        "名稱",
    ),
    "name_zh": ("中文名称", "中文名稱", "集群中文名称", "集群中文名稱", "chinese name"),
    "economy": (
        "economy",
        "economies",
        "economy code",
        "economy codes",
        "经济体",
        "經濟體",
        "国家/地区",
        "國家/地區",
        "国家或地区",
    ),
    "pct_filings": (
        "pct filings",
        "pct applications",
        "pct",
        "number of pct filings",
        "pct申请",
        "pct申請",
        "pct申请量",
        "pct申請量",
        "pct国际专利申请",
    ),
    "pct_share": (
        "pct share",
        "share of pct filings",
        "share of total pct filings",
        "pct filings share",
        "pct share (%)",
        "pct申请占比",
        "pct申請佔比",
    ),
    "publications": (
        "scientific publications",
        "publications",
        "scientific articles",
        "number of scientific publications",
        "科学出版物",
        "科學出版物",
        "科学论文",
        "科學論文",
        "论文发表",
        "论文发表量",
    ),
    "publications_share": (
        "publications share",
        "share of publications",
        "share of total publications",
        "share of total scientific publications",
        "科学出版物占比",
        "科學出版物佔比",
        "论文占比",
    ),
    "vc_deals": (
        "vc deals",
        "venture capital deals",
        "number of vc deals",
        "风险投资交易",
        "風險投資交易",
        "风险投资交易数",
        "风投交易",
    ),
    "vc_share": (
        "vc share",
        "share of vc deals",
        "share of total vc deals",
        "风险投资交易占比",
        "風險投資交易佔比",
    ),
    "intensity_rank": (
        "intensity rank",
        "s&t intensity rank",
        "rank by intensity",
        "innovation intensity rank",
        "强度排名",
        "強度排名",
        "科技强度排名",
        "科技強度排名",
        "创新强度排名",
        "創新強度排名",
    ),
    "pct_per_million": (
        "pct filings per million",
        "pct per million",
        "pct filings per million residents",
        "每百万人pct申请",
        "每百萬人pct申請",
    ),
    "publications_per_million": (
        "publications per million",
        "scientific publications per million",
        "scientific articles per million",
        "articles per million",
        "每百万人科学论文",
        "每百萬人科學論文",
    ),
    "vc_per_million": (
        "vc deals per million",
        "vc per million",
        "每百万人风险投资交易",
        "每百萬人風險投資交易",
    ),
    "rank_previous_method": (
        "rank (previous method)",
        "previous method rank",
        "rank under the previous method",
        "two-metric rank",
        "原方法排名",
        "原方法排名",
    ),
}
REQUIRED = ("rank", "name", "economy")
COUNT_FIELDS = ("pct_filings", "publications", "vc_deals")
SHARE_FIELDS = ("pct_share", "publications_share", "vc_share")
#: Columns of a cluster's profile a ranking table may print beside the rank: written to
#: cluster_metrics (one row per value, cited by the imported file), not to cluster_ranks.
METRIC_FIELDS = (
    "intensity_rank",
    "pct_per_million",
    "publications_per_million",
    "vc_per_million",
    "rank_previous_method",
)
RANK_FIELDS = ("intensity_rank", "rank_previous_method")
RANK_TEXT = re.compile(r"^\d{1,3}$")


def header_key(cell: str) -> str:
    """A header in normal form; a trailing "%", "(%)" or ", %" is dropped ("PCT share, %")."""
    text = unicodedata.normalize("NFKC", cell).casefold()
    text = re.sub(r"[\s_]+", " ", text).strip(" :*")
    text = re.sub(r"[\s,]*\(?%\)?$", "", text)
    return text.strip(" ,")


def recognise_columns(header: Sequence[str]) -> dict[str, int]:
    """Field → column index for every header cell recognised (the first one wins)."""
    found: dict[str, int] = {}
    for j, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        for fld, names in HEADERS.items():
            if key in names and fld not in found:
                found[fld] = j
                break
    return found


def is_header(cells: list[str]) -> bool:
    return all(f in recognise_columns(cells) for f in REQUIRED)


class EconomyNames:
    """Economy text as printed ("CN/HK", "China", "中国香港") → ISO codes (data/geo, Babel)."""

    def __init__(self, geo_rows: Iterable[dict[str, str]]) -> None:
        from babel import Locale

        self.names: dict[str, str] = {}
        self.known: set[str] = set()
        for locale in ("en", "zh_Hans_CN", "zh_Hant_HK", "zh_Hant_TW"):
            for code, name in Locale.parse(locale).territories.items():
                if len(code) == 2 and code.isalpha():
                    self.names.setdefault(header_key(name), code)
                    self.known.add(code)
        for row in geo_rows:
            if row.get("kind") == "economy":
                self.known.add(row["geo_id"])
                for col in ("name_en", "name_zh_hans", "name_zh_hant"):
                    if row.get(col):
                        self.names[header_key(row[col])] = row["geo_id"]
        for alias, code in {
            "united states of america": "US",
            "usa": "US",
            "republic of korea": "KR",
            "korea": "KR",
            "china, hong kong sar": "HK",
            "hong kong sar, china": "HK",
            "china, macao sar": "MO",
            "iran (islamic republic of)": "IR",
            "russian federation": "RU",
            "turkey": "TR",
            "taiwan, province of china": "TW",
            "hong kong": "HK",
            "hong kong, china": "HK",
            "香港": "HK",
            "中国香港": "HK",
            "中國香港": "HK",
            "macao": "MO",
            "macau": "MO",
            "澳门": "MO",
            "澳門": "MO",
        }.items():
            self.names.setdefault(alias, code)

    def codes(self, text: str) -> tuple[str, ...] | None:
        """The codes of an economy cell, or None when a part is not an economy."""
        text = unicodedata.normalize("NFKC", text).strip()
        if not text:
            return None
        if re.fullmatch(r"[A-Za-z]{2}(\s*[/;,、]\s*[A-Za-z]{2})*", text):
            codes = tuple(c.upper() for c in re.split(r"\s*[/;,、]\s*", text))
            return codes if all(c in self.known for c in codes) else None
        whole = self.names.get(header_key(text))
        if whole:
            return (whole,)
        codes = []
        for part in re.split(r"\s*[/;、]\s*", text):
            code = self.names.get(header_key(part))
            if code is None:
                return None
            codes.append(code)
        return tuple(codes)
