import dataclasses

from documents.support import LETTERHEAD


def test_number_line_leaves_room_for_the_clerk():
    assert LETTERHEAD.number_line == "Số:        /BC-SKHCN"


def test_number_line_carries_the_registered_number():
    numbered = dataclasses.replace(LETTERHEAD, number="125")
    assert numbered.number_line == "Số: 125/BC-SKHCN"
