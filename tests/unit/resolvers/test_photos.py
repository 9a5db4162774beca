"""Case photos on disk."""

from concurrent.futures import ThreadPoolExecutor

from resolvers.cases.photos import attachment_path, store_photo

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


def test_the_same_photo_written_at_once_is_stored_once_and_whole(tmp_path) -> None:
    # given four uploads of one photo written by worker threads at the same time
    with ThreadPoolExecutor(4) as pool:
        digests = set(pool.map(lambda _: store_photo(tmp_path, PHOTO), range(4)))
    # then one file holds it, and no partial file is left behind
    assert len(digests) == 1
    assert attachment_path(tmp_path, digests.pop()).read_bytes() == PHOTO
    assert [path.name for path in tmp_path.rglob("*") if path.is_file()] == [
        attachment_path(tmp_path, store_photo(tmp_path, PHOTO)).name
    ]
