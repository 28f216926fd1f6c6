#!/usr/bin/env python3
"""Tests of scripts/gazetteer.py's choice of names in other languages: which Hangul name
among GeoNames' alternate names is a place's Korean name (the one name, or the one whose
romanization is clearly the closest to the place's Latin name), which place is a zone's
CLDR exemplar city, and how they combine. Run from the repository root with the venv the
generator's docstring describes:
  /tmp/gz/bin/python -m unittest scripts/test_gazetteer.py
"""

import collections
import sys
import unicodedata
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gazetteer  # noqa: E402


def place(geonameid, name, zone, alternates, population=100_000, country="KR"):
    return {
        "geonameid": geonameid,
        "name": name,
        "timezone": zone,
        "alternatenames": alternates,
        "population": population,
        "countrycode": country,
    }


class HangulNames(unittest.TestCase):
    def test_one_hangul_name_is_the_name(self):
        self.assertEqual(gazetteer.certain_hangul_name(["Pusan", "釜山", "부산"]), "부산")

    def test_administrative_suffixes_are_the_same_name(self):
        self.assertEqual(gazetteer.certain_hangul_name(["부산", "부산광역시", "부산시"]), "부산")
        self.assertEqual(gazetteer.certain_hangul_name(["창녕", "창녕군", "창녕읍"]), "창녕")
        self.assertEqual(gazetteer.certain_hangul_name(["김 천시", "김천", "김천시"]), "김천")

    def test_a_suffix_written_as_a_word_is_dropped(self):
        self.assertEqual(gazetteer.certain_hangul_name(["청두 시"]), "청두")
        self.assertEqual(gazetteer.certain_hangul_name(["광저우", "광저우 시"]), "광저우")

    def test_two_names_are_no_certain_name(self):
        self.assertIsNone(gazetteer.certain_hangul_name(["베이징", "북경"]))
        self.assertIsNone(gazetteer.certain_hangul_name(["도쿄", "동경"]))
        # One name spelled two ways is not certain either.
        self.assertIsNone(gazetteer.certain_hangul_name(["로스 앤젤레스", "로스앤젤레스"]))
        self.assertIsNone(gazetteer.certain_hangul_name(["Seoul", "ソウル"]))

    def test_names_mixing_scripts_are_refused(self):
        self.assertFalse(gazetteer.is_hangul_name("LA 공항"))
        self.assertFalse(gazetteer.is_hangul_name("서울 (Seoul)"))
        self.assertFalse(gazetteer.is_hangul_name("漢城 한성"))
        self.assertFalse(gazetteer.is_hangul_name("-"))
        self.assertTrue(gazetteer.is_hangul_name("부에노스 아이레스"))
        self.assertEqual(gazetteer.certain_hangul_name(["LA 공항", "로스앤젤레스"]), "로스앤젤레스")
        self.assertIsNone(gazetteer.certain_hangul_name(["서울 (Seoul)"]))

    def test_decomposed_names_are_composed_first(self):
        decomposed = unicodedata.normalize("NFD", "부산")
        self.assertEqual(gazetteer.certain_hangul_name([decomposed]), "부산")
        self.assertEqual(gazetteer.fold_key(decomposed), "부산")


class ClosestHangulName(unittest.TestCase):
    def test_revised_romanization_is_spelled_from_the_letters(self):
        self.assertEqual(gazetteer.revised_romanization("베이징"), "beijing")
        self.assertEqual(gazetteer.revised_romanization("북경"), "bukgyeong")
        self.assertEqual(gazetteer.revised_romanization("서울"), "seoul")
        self.assertEqual(gazetteer.revised_romanization("항저우"), "hangjeou")
        self.assertEqual(gazetteer.revised_romanization("쀼값읊"), "ppyugapeup")
        # ㄹ after ㄹ is l; a final is its one sound (닭: dak); other characters are left out.
        self.assertEqual(gazetteer.revised_romanization("달라스"), "dallaseu")
        self.assertEqual(gazetteer.revised_romanization("닭"), "dak")
        self.assertEqual(gazetteer.revised_romanization("상트-페테르"), "sangteupetereu")
        self.assertEqual(gazetteer.revised_romanization("LA"), "")

    def test_the_name_clearly_closest_to_the_latin_name_is_chosen(self):
        closest = gazetteer.closest_hangul_name
        self.assertEqual(closest(["북경", "베이징"], ["Beijing"]), "베이징")
        self.assertEqual(closest(["천진", "톈진"], ["Tianjin"]), "톈진")
        # 2 edits against 3: the margin is one edit.
        self.assertEqual(closest(["항주", "항저우"], ["Hangzhou"]), "항저우")
        self.assertEqual(closest(["뱅걸로", "방갈로르", "벵갈루루"], ["Bengaluru"]), "벵갈루루")
        # The closest to any of the Latin names, folded ("São" is "sao").
        self.assertEqual(closest(["하르키우", "카리프"], ["Kharkiv", "Kharkiv"]), "하르키우")

    def test_no_clear_winner_is_no_name(self):
        closest = gazetteer.closest_hangul_name
        # 선전 (seonjeon) and 심천 (simcheon) are both 5 edits from "shenzhen".
        self.assertIsNone(closest(["선전", "심천"], ["Shenzhen"]))
        # Tense consonants and ㅐ/ㅔ are distinctions a Latin name does not write.
        self.assertIsNone(closest(["라사", "라싸"], ["Lhasa"]))
        self.assertIsNone(closest(["푸켓", "푸껫"], ["Phuket"]))
        self.assertIsNone(closest(["내피도", "네피도"], ["Nay Pyi Taw"]))
        # One name is not a choice (certain_hangul_name's), and no Latin name is no guide.
        self.assertIsNone(closest(["베이징"], ["Beijing"]))
        self.assertIsNone(closest(["베이징", "북경"], ["北京"]))

    def test_countries_written_in_other_scripts_romanize_their_names(self):
        romanized = gazetteer.romanized_countries()
        for country in ["CN", "TW", "JP", "KP", "RU", "UA", "IN", "SA", "TH", "MN"]:
            self.assertIn(country, romanized)
        # Latin script: the Latin name is the place's own spelling (and Vietnamese's).
        for country in ["US", "GB", "IT", "BR", "VN", "TR", "MY", "AU"]:
            self.assertNotIn(country, romanized)

    def test_hangul_names_set_suffixes_and_other_scripts_aside(self):
        self.assertEqual(
            gazetteer.hangul_names(["베이징", "북경", "북경시", "北京", "베이징 시"]),
            {"베이징": {"베이징"}, "북경": {"북경"}},
        )


class ExemplarCities(unittest.TestCase):
    countries = {"KR": {"name": "South Korea"}, "PR": {"name": "Puerto Rico"}, "IN": {"name": "India"}}

    def zone_places(self, places, regions=None):
        return gazetteer.ZonePlaces(places, self.countries, regions or {})

    def test_the_most_populous_place_named_like_the_exemplar_is_it(self):
        places = {
            "1": place(1, "Seoul", "Asia/Seoul", ["Soul"], 10_000_000),
            "2": place(2, "Seoul Forest", "Asia/Seoul", ["Seoul"], 20_000),
        }
        found = gazetteer.exemplar_places(self.zone_places(places), [("Asia/Seoul", "서울", {"seoul"})])
        self.assertEqual(found, {1: "서울"})

    def test_a_place_in_another_zone_is_not_the_exemplar(self):
        places = {"1": place(1, "Seoul", "Asia/Tokyo", [])}
        found = gazetteer.exemplar_places(self.zone_places(places), [("Asia/Seoul", "서울", {"seoul"})])
        self.assertEqual(found, {})

    def test_an_alternate_that_names_the_country_or_region_is_not_the_city(self):
        places = {"1": place(1, "San Juan", "America/Puerto_Rico", ["Puerto Rico"], country="PR")}
        found = gazetteer.exemplar_places(
            self.zone_places(places), [("America/Puerto_Rico", "푸에르토리코", {"puerto rico"})]
        )
        self.assertEqual(found, {})
        places = {"1": place(1, "Salvador", "America/Bahia", ["Bahia"], country="PR")}
        found = gazetteer.exemplar_places(
            self.zone_places(places, {1: "Bahia"}), [("America/Bahia", "바히아", {"bahia"})]
        )
        self.assertEqual(found, {})

    def test_a_bare_zone_reads_as_the_place_its_id_names_else_as_cldr(self):
        places = {
            "1": place(1, "Kolkata", "Asia/Kolkata", ["Calcutta", "콜카타"], country="IN"),
            "2": place(2, "Seoul", "Asia/Seoul", []),
        }
        zones = {"Asia/Kolkata", "Asia/Calcutta", "Asia/Seoul", "Etc/GMT+5"}
        names = gazetteer.zone_city_names(
            zones, self.zone_places(places), {1: "콜카타"}, {"Asia/Seoul": "서울", "Asia/Calcutta": "캘커타"}
        )
        # The place's name wins over CLDR's for the same id; a zone with neither has none.
        self.assertEqual(names, {"Asia/Kolkata": "콜카타", "Asia/Calcutta": "콜카타", "Asia/Seoul": "서울"})

    def test_cldr_keys_of_older_names_serve_only_those_names(self):
        by_zone, for_places = gazetteer.load_exemplar_cities(
            "ko", {"Asia/Seoul", "Asia/Ho_Chi_Minh", "Asia/Saigon", "Asia/Kolkata", "Asia/Calcutta"}
        )
        self.assertEqual(by_zone["Asia/Seoul"], "서울")
        self.assertEqual(by_zone["Asia/Saigon"], "사이공")
        self.assertNotIn("Asia/Ho_Chi_Minh", by_zone)
        self.assertEqual(by_zone["Asia/Calcutta"], "콜카타")
        self.assertNotIn("Asia/Kolkata", by_zone)
        self.assertIn(("Asia/Seoul", "서울", {"seoul"}), for_places)
        self.assertFalse([entry for entry in for_places if entry[0] == "Asia/Ho_Chi_Minh"])


class Choice(unittest.TestCase):
    def test_geonames_certain_name_first_then_cldr_then_the_closest_then_none(self):
        places = {
            "1": place(1, "Vancouver", "America/Vancouver", ["밴쿠버"], country="CA"),
            "2": place(2, "Seoul", "Asia/Seoul", ["서울", "한양", "경성"]),
            "3": place(3, "Beijing", "Asia/Shanghai", ["베이징", "북경"], country="CN"),
            "4": place(4, "Shenzhen", "Asia/Shanghai", ["선전", "심천"], country="CN"),
            "5": place(5, "Dallas", "America/Chicago", ["달라스", "댈러스"], country="US"),
            "6": place(6, "Taipei", "Asia/Taipei", ["타이페이", "타이베이"], country="TW"),
        }
        exemplars = [
            ("America/Vancouver", "벤쿠버", {"vancouver"}),
            ("Asia/Seoul", "서울", {"seoul"}),
            ("Asia/Taipei", "타이베이", {"taipei"}),
        ]
        stats = collections.Counter()
        names = gazetteer.korean_place_names(
            gazetteer.ZonePlaces(places, {}, {}), places, exemplars, {"CN", "KR", "TW"}, stats
        )
        # Vancouver: GeoNames' 밴쿠버 over CLDR's 벤쿠버; Seoul: GeoNames is uncertain, CLDR
        # names it; Taipei: CLDR's 타이베이, though 타이페이 spells "Taipei" more closely;
        # Beijing: neither, and 베이징 is the closer to "Beijing"; Shenzhen: a tie, so the
        # page shows "Shenzhen"; Dallas: a Latin name in a country written in Latin letters
        # is its spelling, no guide (달라스 is the closer, 댈러스 the standard).
        self.assertEqual(names, {1: "밴쿠버", 2: "서울", 6: "타이베이", 3: "베이징"})
        self.assertEqual(stats["korean names: GeoNames' over a different CLDR exemplar"], 1)
        self.assertEqual(stats["korean names: the closest of GeoNames' Hangul names"], 1)

    def test_country_names_drop_a_qualifier_in_parentheses(self):
        self.assertEqual(gazetteer.local_country_name("홍콩(중국 특별행정구)"), "홍콩")
        self.assertEqual(gazetteer.local_country_name("대한민국"), "대한민국")

    def test_the_names_field_is_tagged_by_language(self):
        self.assertEqual(gazetteer.names_field({"ko": "서울"}), "ko:서울")
        self.assertEqual(gazetteer.names_field({}), "")


if __name__ == "__main__":
    unittest.main()
