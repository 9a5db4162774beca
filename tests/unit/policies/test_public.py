"""What the public building page may show: a pledge carries no phone or ID number."""

import pytest

from policies.public import holds_contact_number


@pytest.mark.parametrize(
    "text",
    [
        "有事请打13912345678",
        "电话 139 1234 5678",
        "座机0851-28221234",
        "".join(chr(0xFF10 + int(d)) for d in "13912345678"),
        "身份证520302199001011234",
        "1.2.3.4.5.6.7",
        "联系电话138/1234/5678",
        "联系电话138，1234，5678",
        "138_1234_5678",
    ],
)
def test_a_pledge_with_a_number_is_refused(text: str) -> None:
    assert holds_contact_number(text)


@pytest.mark.parametrize(
    "text",
    ["每周服务2小时", "2026年帮扶10户独居老人", "123456", "12 34 56 号楼", "", "第1-2单元"],
)
def test_a_pledge_with_short_numbers_is_kept(text: str) -> None:
    assert not holds_contact_number(text)
