import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.images import DISPLAY_WIDTH, ImageRejected, encode_image, image_store
from articles.models import ArticleImage
from tests.articles.imagefiles import EXE, HTML_AS_IMAGE, SVG_WITH_SCRIPT, image_bytes, png_claiming

URL = reverse("articles:image_upload")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, data: bytes, name="photo.jpg"):
    return client.post(URL, {"upload": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_it_stores_each_accepted_format(client, correspondent_a, fmt):
    client.force_login(correspondent_a)
    response = upload(client, image_bytes(fmt), name=f"x.{fmt.lower()}")
    assert response.status_code == 200, response.content
    record = ArticleImage.objects.get()
    assert response.json() == {"url": record.image.url}
    assert record.uploaded_by == correspondent_a
    assert Image.open(record.image.path).format == fmt


def test_it_strips_exif_and_gps(db, correspondent_a):
    record = image_store(data=image_bytes("JPEG", exif_gps=True), uploaded_by=correspondent_a)
    stored = Image.open(record.image.path)
    assert dict(stored.getexif()) == {}
    with open(record.image.path, "rb") as handle:
        assert b"EvilCam" not in handle.read()


def test_it_drops_bytes_appended_after_the_image(db, correspondent_a):
    payload = image_bytes("PNG") + b"<script>alert(1)</script>"
    record = image_store(data=payload, uploaded_by=correspondent_a)
    with open(record.image.path, "rb") as handle:
        assert b"<script>" not in handle.read()


def test_it_names_files_randomly_by_year_and_month(db, correspondent_a):
    record = image_store(
        data=image_bytes(), uploaded_by=correspondent_a, original_name="../../etc/passwd.jpg"
    )
    assert record.image.name.startswith("articles/")
    parts = record.image.name.split("/")
    assert len(parts) == 4 and len(parts[3]) == len("0123456789abcdef0123456789abcdef.jpg")
    assert "passwd" not in record.image.name


def test_it_makes_a_reader_copy_of_wide_images_once(db, correspondent_a):
    record = image_store(data=image_bytes("JPEG", size=(3000, 1000)), uploaded_by=correspondent_a)
    assert (record.width, record.height) == (3000, 1000)
    assert Image.open(record.display.path).size == (DISPLAY_WIDTH, 400)
    narrow = image_store(data=image_bytes("JPEG", size=(800, 600)), uploaded_by=correspondent_a)
    assert not narrow.display


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_claiming(30000, 30000), "图片像素过多（超过 40 百万），无法安全处理。"),
        (png_claiming(8000, 6000), "图片为 8000×6000 像素，最多允许 40 百万像素。"),
        (SVG_WITH_SCRIPT, "该文件是文本或标记（如 SVG 或 HTML），不是图片；不接受 SVG 图片。"),
        (HTML_AS_IMAGE, "该文件是文本或标记（如 SVG 或 HTML），不是图片；不接受 SVG 图片。"),
        (EXE, "该文件不是可以读取的图片（JPEG、PNG、GIF 或 WebP）。"),
        (image_bytes("BMP"), "图片只能是 JPEG、PNG、GIF 或 WebP 格式，此文件为 BMP。"),
        (b"", "文件是空的。"),
        (image_bytes("PNG")[:60], "图片文件已损坏或不完整，无法读取（支持 JPEG、PNG、GIF 或 WebP）。"),
    ],
    ids=["bomb", "48-megapixels", "svg", "html", "exe", "bmp", "empty", "truncated"],
)
def test_it_refuses_bad_files_with_a_chinese_message(client, correspondent_a, data, message):
    client.force_login(correspondent_a)
    response = upload(client, data)
    assert response.status_code == 400
    error = response.json()["error"]["message"]
    assert error == message  # no English library text ("Truncated File Read") inside it
    assert not ArticleImage.objects.exists()


def test_it_refuses_files_over_ten_megabytes(db):
    with pytest.raises(ImageRejected) as error:
        encode_image(b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024 + 10))
    assert error.value.messages == ["图片为 10.0 MB，最多允许 10 MB。"]


def test_anonymous_visitors_cannot_upload(client, db):
    response = upload(client, image_bytes())
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "请先登录后台再上传图片。"
    assert not ArticleImage.objects.exists()


def test_readers_cannot_upload(client, reader):
    reader.is_staff = True  # even a staff flag without the permission is not enough
    reader.save()
    client.force_login(reader)
    response = upload(client, image_bytes())
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您没有上传图片的权限。"


def test_upload_needs_post(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


def test_upload_needs_csrf(correspondent_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(correspondent_a)
    response = client.post(URL, {"upload": SimpleUploadedFile("x.jpg", image_bytes())})
    assert response.status_code == 403
    assert not ArticleImage.objects.exists()


def test_it_keeps_the_camera_orientation(db, correspondent_a):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when displayed
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format="JPEG", exif=exif.tobytes())
    record = image_store(data=buffer.getvalue(), uploaded_by=correspondent_a)
    assert (record.width, record.height) == (20, 60)
