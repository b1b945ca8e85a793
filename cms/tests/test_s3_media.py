"""Uploads in an S3-compatible bucket (several web servers share it), against a local S3 server (moto).

The bucket is real enough for what the shop does with it: boto3 talks HTTP to ``moto`` on 127.0.0.1, files are
written, read back for renditions and fetched over HTTP by URL.
"""

import io
import json
import socket
import urllib.request

import boto3
import pytest
from django.core.files.images import ImageFile
from django.test import override_settings
from PIL import Image as PILImage

from cms.models import ShopImage
from shop.settings.media import s3_media_storage

from .test_image_privacy import metadata_of, phone_photo

pytestmark = pytest.mark.django_db
BUCKET = "opop-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    admin = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    admin.create_bucket(Bucket=BUCKET)
    # What the operator sets up (docs/architecture.md): anyone may read the media prefix, nobody may list or write.
    admin.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{BUCKET}/media/*"}],
    }))
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, store):
    storage = s3_media_storage(
        {
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
            "MEDIA_S3_REGION": "us-east-1",
            "MEDIA_S3_ACCESS_KEY_ID": "test",
            "MEDIA_S3_SECRET_ACCESS_KEY": "test",
        }
    )
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
        yield boto3.client(
            "s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
            aws_secret_access_key="test",
        )


def keys(client, prefix):
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]


def test_a_photo_and_its_renditions_live_in_the_bucket_and_are_served_from_it(bucket, s3_endpoint, store):
    image = ShopImage(
        title="Kopi", alt_text="Kopi kaleng", collection=store.collection,
        file=ImageFile(io.BytesIO(phone_photo()), name="IMG_20261128.jpg"),
    )
    image._set_image_file_metadata()
    image.save()

    originals = keys(bucket, "media/original_images/")
    assert len(originals) == 1 and originals[0].endswith(".jpg")
    stored = bucket.get_object(Bucket=BUCKET, Key=originals[0])["Body"].read()
    assert metadata_of(stored)["gps"] == {}  # stripped before it reached the bucket

    rendition = image.get_rendition("fill-32x32|format-webp")  # read back from the bucket to render
    assert keys(bucket, "media/images/") == [f"media/{rendition.file.name}"]
    assert rendition.url.startswith(f"{s3_endpoint}/{BUCKET}/media/images/") and "Signature" not in rendition.url
    with urllib.request.urlopen(rendition.url, timeout=10) as response:
        body = response.read()
        assert response.headers["Cache-Control"] == "public, max-age=31536000"
    with PILImage.open(io.BytesIO(body)) as picture:
        assert picture.format == "WEBP" and picture.size == (32, 32)


def test_without_a_bucket_uploads_stay_on_local_disk():
    assert s3_media_storage({}) is None


def test_a_cdn_domain_and_signed_urls_are_options():
    storage = s3_media_storage(
        {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_CUSTOM_DOMAIN": "cdn.opop.example", "MEDIA_S3_SIGNED_URLS": "true",
         "MEDIA_S3_PREFIX": "/toko/"}
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["custom_domain"] == "cdn.opop.example"
    assert storage["OPTIONS"]["querystring_auth"] is True and storage["OPTIONS"]["location"] == "toko"
    assert "endpoint_url" not in storage["OPTIONS"]  # AWS itself: boto3 finds the endpoint
