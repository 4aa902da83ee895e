"""Probe."""

from __future__ import annotations


def test_probe(client, admin, essay_map):
    client.force_login(admin)
    for url in ["/admin/", "/admin/maps/source/", "/admin/curation/evidencenode/", "/admin/maps/source/import-csv/", "/admin/maps/source/1/change/"]:
        r = client.get(url)
        print(url, r.status_code, r.get("Location"))
    admin.is_superuser = True
    admin.save()
    for url in ["/admin/", "/admin/maps/source/", "/admin/curation/evidencenode/", "/admin/maps/source/import-csv/", "/admin/maps/source/1/change/", "/admin/maps/source/1/delete/"]:
        r = client.get(url)
        print(url, r.status_code, r.get("Location"))
    assert 0
