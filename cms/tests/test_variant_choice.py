"""The buyer gets the variant they chose: on a product with variants, the variant radios, the quantity and the
button are ONE form posting to /cart/add/, so what is checked when the button is pressed is what goes in the cart
(issue 11 item 1). These tests submit the page's own form as a browser without JavaScript would."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from checkout.models import CartLine
from tests.factories import make_product_with_variants

pytestmark = pytest.mark.django_db

URL = "/kopi-an-nur/p/sabun-herbal/"


class CartForms(HTMLParser):
    """The forms posting to /cart/add/ on a page, each as a list of its controls' attributes."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[dict]] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("action") == "/cart/add/"
            if self._inside:
                self.forms.append([])
        elif self._inside and tag in ("input", "button", "select", "textarea"):
            self.forms[-1].append({"tag": tag, **attrs})

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def cart_forms(html: str) -> list[list[dict]]:
    parser = CartForms()
    parser.feed(html)
    return parser.forms


def submission(controls: list[dict], choose: str | None = None) -> dict:
    """What a browser sends for the form with the radio ``choose`` (a variant pk) checked by the buyer."""
    data = {}
    for control in controls:
        name = control.get("name")
        if not name or "disabled" in control or control["tag"] == "button":
            continue
        if control.get("type") == "radio":
            checked = control["value"] == choose if choose is not None else "checked" in control
            if checked:
                data[name] = control["value"]
        else:
            data[name] = control.get("value", "")
    return data


@pytest.fixture
def soap(store):
    return make_product_with_variants(store)


def variant_named(product, name):
    return product.variants.get(name=name)


def test_the_variant_radios_are_inside_the_one_add_to_cart_form(client, soap):
    html = client.get(URL).content.decode()
    forms = cart_forms(html)
    assert len(forms) == 1
    radios = [c for c in forms[0] if c.get("type") == "radio"]
    assert [r["name"] for r in radios] == ["variant"] * 3
    assert not [c for c in forms[0] if c.get("type") == "hidden" and c.get("name") == "variant"]
    assert 'name="varian"' not in html  # no second form that only re-renders the page


@pytest.mark.parametrize("name", ["Sereh", "Kunyit"])
def test_each_variant_checked_in_the_form_is_the_one_in_the_cart(name, soap):
    buyer = Client()
    controls = cart_forms(buyer.get(URL).content.decode())[0]
    chosen = variant_named(soap, name)
    data = submission(controls, choose=str(chosen.pk)) | {"quantity": "2"}
    response = buyer.post("/cart/add/", data, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    line = CartLine.objects.get()
    assert (line.variant, line.quantity) == (chosen, 2)
    assert name in buyer.get("/cart/").content.decode()


def test_the_default_is_the_first_variant_in_stock_and_sold_out_ones_cannot_be_chosen(client, soap):
    controls = cart_forms(client.get(URL).content.decode())[0]
    radios = {c["value"]: c for c in controls if c.get("type") == "radio"}
    assert "checked" in radios[str(variant_named(soap, "Sereh").pk)]
    assert "disabled" in radios[str(variant_named(soap, "Zaitun").pk)]
    assert submission(controls)["variant"] == str(variant_named(soap, "Sereh").pk)


def test_a_shared_link_to_a_variant_preselects_it_in_the_form(client, soap):
    kunyit = variant_named(soap, "Kunyit")
    response = client.get(URL, {"varian": kunyit.pk})
    html = response.content.decode()
    assert submission(cart_forms(html)[0])["variant"] == str(kunyit.pk)
    assert "Rp41.000" in html.split('id="price"')[1].split("</p>")[0]


def test_every_variant_carries_what_the_script_shows_when_it_is_chosen(client, soap):
    controls = cart_forms(client.get(URL).content.decode())[0]
    kunyit = next(c for c in controls if c.get("value") == str(variant_named(soap, "Kunyit").pk))
    assert (kunyit["data-price"], kunyit["data-available"], kunyit["data-stock"]) == (
        "Rp41.000",
        "7",
        "Stok tersedia",
    )


def test_without_a_chosen_variant_nothing_is_added_and_the_buyer_is_told(client, soap):
    response = client.post("/cart/add/", {"quantity": "1"}, HTTP_REFERER=f"http://testserver{URL}")
    assert response.status_code == 302 and response.url == f"http://testserver{URL}"
    assert not CartLine.objects.exists()
