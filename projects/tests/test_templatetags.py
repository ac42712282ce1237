from decimal import Decimal

from projects.templatetags.money import amount, kr, pct, thousands, tkr


def test_swedish_amounts():
    assert kr(Decimal("101600")) == "101\u00a0600,00 kr"
    assert kr(Decimal("914400.5")) == "914\u00a0400,50 kr"
    assert amount(Decimal("-1250")) == "−1\u00a0250,00"
    assert amount(Decimal("0")) == "0,00"
    assert amount(Decimal("999.995")) == "1\u00a0000,00"
    assert kr(None) == ""
    assert tkr(Decimal("-1564000")) == "−1\u00a0564"
    assert thousands(63985) == "63\u00a0985"
    assert pct(Decimal("11.111111")) == "11,1111 %"
    assert pct(Decimal("100")) == "100 %"
