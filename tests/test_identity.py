"""Who a login is: grants by e-mail only for an address the provider verified, subjects and e-mail
addresses in separate namespaces (perfeval/store/access.py), tried through the dashboard too."""

from __future__ import annotations

from perfeval.store.access import ADMIN, EDITOR, Actor, Grant, Rights, grant_key
from tests.apptest import no_exception
from tests.test_auth_pages import ROOT, page_scripts, run_as, store  # noqa: F401 (fixture)
from tests.two_units import UNIT_A

MALLORY = {  # the attack: any account, the admin's address, not verified by the provider
    "is_logged_in": True,
    "sub": "mallory-sub",
    "name": "马某",
    "email": "root@example.org",
    "email_verified": False,
}


def test_an_unverified_address_names_nobody():
    grant = Grant("alice@example.org", UNIT_A, EDITOR)
    unverified = Actor("alice-sub", email="alice@example.org")
    verified = Actor("alice-sub", email="alice@example.org", email_verified=True)
    assert Rights.of(unverified, [grant], admins=set()).grants == ()
    assert Rights.of(verified, [grant], admins=set()).may(EDITOR, UNIT_A)
    assert not Rights.of(unverified, [], admins={"alice@example.org"}).is_admin
    assert Rights.of(verified, [], admins={"alice@example.org"}).is_admin


def test_subjects_and_addresses_are_separate_namespaces():
    # a provider whose subject looks like an address: it is not the address
    looks_like = Actor("root@example.org")
    assert not Rights.of(looks_like, [], admins={"root@example.org"}).is_admin
    assert Rights.of(looks_like, [], admins={"sub:root@example.org"}).is_admin
    # an address is never a subject, whatever its case
    person = Actor("alice-sub", email="Alice@Example.org", email_verified=True)
    assert Rights.of(person, [Grant("email:alice@example.ORG", "*", ADMIN)], admins=set()).is_admin
    assert not Rights.of(person, [Grant("sub:alice@example.org", "*", ADMIN)], admins=set()).grants
    assert not Rights.of(Actor("Alice-Sub"), [Grant("alice-sub", "*", ADMIN)], admins=set()).grants
    assert grant_key(" bob-sub ") == "sub:bob-sub" and grant_key("B@x.cn") == "email:b@x.cn"


def test_unverified_admin_address_gets_no_access_in_the_dashboard(store):  # noqa: F811
    at = run_as(MALLORY)
    no_exception(at)
    assert at.title[0].value == "无访问权限"
    assert page_scripts(at) == []
    for claim in ("false", None):  # a string "false", or no claim at all: not verified
        at = run_as({**MALLORY, "email_verified": claim})
        assert at.title[0].value == "无访问权限"


def test_verified_admin_address_is_admin(store):  # noqa: F811
    at = run_as(ROOT)
    no_exception(at)
    assert "admin.py" in page_scripts(at)
