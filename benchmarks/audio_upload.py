"""Peak memory of accepting a large audio upload, against reading the file whole as a baseline.

An editor's upload reaches the view as a file Django has already spooled to disk (uploads over
FILE_UPLOAD_MAX_MEMORY_SIZE never sit in memory). What happens next is measured here, with
tracemalloc, on a generated MP3 of BENCH_UPLOAD_MB (default 200) megabytes:
  1. validation and metadata: `inspect_audio` walks every MPEG frame in bounded chunks;
  2. storage: saving to S3 through django-storages (boto3 multipart upload) on a moto server
     running in a separate process, so its own memory is not counted.
Baseline: `file.read()` of the same file, i.e. what "read it whole" would cost.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "200"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_large_mp3(path, size_mb):
    from library.synthesis import encode_mp3, tone_pcm

    # Whole MPEG frames, repeated: a valid stream of any length, made in a second.
    chunk = encode_mp3(tone_pcm(60.0), bitrate_kbps=128)
    with open(path, "wb") as output:
        written = 0
        while written < size_mb * 1024 * 1024:
            output.write(chunk)
            written += len(chunk)
    return os.path.getsize(path)


def measure(label, action):
    tracemalloc.start()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return label, peak, elapsed, result


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    import boto3
    from django.core.files import File
    from django.core.files.storage import storages
    from django.test.utils import override_settings

    from library.audio import inspect_audio
    from tests.conftest import s3_storages

    workdir = Path(tempfile.mkdtemp(prefix="hs-upload-bench-"))
    audio_path = workdir / "long-episode.mp3"
    size = make_large_mp3(audio_path, SIZE_MB)

    port = free_port()
    moto = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",  # noqa: S106  (the local moto server's dummy key)
        ).create_bucket(Bucket="bench")

        results = []
        with open(audio_path, "rb") as handle:
            results.append(measure("baseline: read whole", lambda: len(handle.read())))
        with open(audio_path, "rb") as handle:
            results.append(measure("validate + metadata", lambda: inspect_audio(handle)))
        s3_settings = override_settings(
            STORAGES=s3_storages("bench", endpoint, region_name="us-east-1")
        )
        with s3_settings, open(audio_path, "rb") as handle:
            results.append(
                measure(
                    "save to S3 (multipart)",
                    lambda: storages["default"].save("audio/long.mp3", File(handle)),
                )
            )
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        audio_path.unlink()

    baseline = results[0][1]
    print(f"upload of {size / 1024 / 1024:.0f} MB MP3")
    print(f"{'step':<26}{'peak MB':>10}{'x baseline':>12}{'seconds':>10}")
    for label, peak, elapsed, _result in results:
        print(f"{label:<26}{peak / 1024 / 1024:>10.1f}{peak / baseline:>12.3f}{elapsed:>10.2f}")


if __name__ == "__main__":
    main()
