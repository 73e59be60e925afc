"""The API gives the figures the pages show, with the same filters.

Rows are flat and paged as in every collection of the API (tests/api).
"""

import pytest
from django.core.management import CommandError, call_command

from portal.cities.models import Summary

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    return response, response.json()


def _rows(client, url, **params) -> list[dict]:
    response, data = _get(client, url, **params)
    assert response.status_code == 200, data
    assert data["next"] is None
    return data["results"]


class TestBatches:
    def test_batches_with_their_members(self, client, world):
        data = _rows(client, "/api/v1/cities/batches/")
        assert [b["number"] for b in data] == [1, 3]
        first = data[0]
        assert first["source"] == "首批名单"
        assert first["members"] == ["330100", "330782"]

    def test_one_batch(self, client, world):
        _response, data = _get(client, "/api/v1/cities/batches/3/")
        assert data["members"] == ["330200"]
        (member,) = _rows(client, "/api/v1/cities/designations/", batch=3)
        assert member["ended_on"] == "2024-06-30"
        assert client.get("/api/v1/cities/batches/9/").status_code == 404

    def test_designations_by_batch_and_region(self, client, world):
        data = _rows(client, "/api/v1/cities/designations/", batch=1)
        assert [d["city_code"] for d in data] == ["330100", "330782"]
        data = _rows(client, "/api/v1/cities/designations/", region="330200")
        assert [d["batch"] for d in data] == [3]


class TestStatistics:
    def test_city_figures_are_the_stored_ones(self, client, refreshed):
        data = _rows(client, "/api/v1/statistics/cities/", period="2024Q4")
        hangzhou = next(row for row in data if row["city_code"] == "330100")
        stored = Summary.objects.get(
            subject="city", region=refreshed["hangzhou"], period="2024Q4"
        )
        for key in ("permits", "penalties", "on_time_share", "median_delay"):
            assert hangzhou[key] == getattr(stored, key)
        # As "working days:records" and "field code:records".
        assert hangzhou["delays"] == ["1:2", "2:1", "6:1", "8:1"]
        assert hangzhou["missing"] == ["XK_NR:1"]

    def test_without_a_period_the_default_one(self, client, refreshed):
        data = _rows(client, "/api/v1/statistics/cities/")
        assert {row["period"] for row in data} == {"2025Q1"}

    def test_the_page_filters_and_sort(self, client, refreshed):
        data = _rows(
            client,
            "/api/v1/statistics/cities/",
            period="2024Q4",
            batch="any",
            sort="median_delay",
        )
        codes = [row["city_code"] for row in data]
        # Yiwu's 1 working day first; Hangzhou and Ningbo tie at 2.
        assert codes[0] == "330782"
        assert sorted(codes) == ["330100", "330200", "330782"]

    @pytest.mark.parametrize(
        "params", [{"period": "abc"}, {"batch": "9"}, {"province": "x"}]
    )
    def test_a_bad_filter_is_a_400(self, client, refreshed, params):
        response, data = _get(client, "/api/v1/statistics/cities/", **params)
        assert response.status_code == 400
        # The API's one error shape names the parameter.
        assert next(iter(params)) in data["error"]["details"]

    def test_one_city_over_time(self, client, refreshed):
        data = _rows(client, "/api/v1/statistics/cities/330100/")
        assert [row["period"] for row in data] == ["2024", "2024Q4", "2025", "2025Q1"]
        assert client.get("/api/v1/statistics/cities/330000/").status_code == 404

    def test_authorities(self, client, refreshed):
        court = refreshed["authorities"]["court"]
        (row,) = _rows(
            client,
            "/api/v1/statistics/authorities/",
            authority=court.pk,
            period="2024Q4",
        )
        assert row["authority_name"] == "杭州市中级人民法院"
        assert (row["entries_added"], row["on_time_share"]) == (3, None)

    def test_averages(self, client, refreshed):
        (row,) = _rows(
            client,
            "/api/v1/statistics/averages/",
            period="2024Q4",
            group="demonstration",
        )
        assert row["members"] == 2
        assert row["on_time_share"] == pytest.approx(0.9)


def test_the_command_refreshes(world, capsys):
    call_command("refresh_statistics")
    assert Summary.objects.filter(subject="city", period="2024Q4").count() == 4
    assert "summary rows" in capsys.readouterr().out
    call_command("refresh_statistics", authority=[world["authorities"]["yw"].pk])


def test_the_command_refuses_an_unknown_authority(db):
    with pytest.raises(CommandError, match="No authority with id 424242"):
        call_command("refresh_statistics", "--authority", "424242")
