"""Make real, playable audio locally (demo content and tests): never downloaded.

Speech comes from espeak-ng when the machine has it; otherwise a calm sequence of soft tones
stands in, one phrase of tones per sentence, so transcripts still line up with the audio.
Encoded to MP3 with lameenc.
"""

import math
import shutil
import struct
import subprocess
import wave
from dataclasses import dataclass
from io import BytesIO

import lameenc

SAMPLE_RATE = 22050
PAUSE_SECONDS = 0.6


@dataclass(frozen=True)
class Recording:
    mp3: bytes
    cues: list  # of (start, end, text)
    duration: float


def tone_pcm(seconds, frequency=440.0, volume=0.25, sample_rate=SAMPLE_RATE):
    """A soft sine tone with gentle fade in and out, as 16-bit mono PCM."""
    count = int(seconds * sample_rate)
    fade = max(1, int(0.05 * sample_rate))
    samples = []
    for index in range(count):
        envelope = min(1.0, index / fade, (count - index) / fade)
        value = volume * envelope * math.sin(2 * math.pi * frequency * index / sample_rate)
        samples.append(int(value * 32767))
    return struct.pack(f"<{count}h", *samples)


def silence_pcm(seconds, sample_rate=SAMPLE_RATE):
    return b"\x00\x00" * int(seconds * sample_rate)


def encode_mp3(pcm, sample_rate=SAMPLE_RATE, bitrate_kbps=64):
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(pcm) + encoder.flush())


def wav_bytes(pcm, sample_rate=SAMPLE_RATE):
    buffer = BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(sample_rate)
        output.writeframes(pcm)
    return buffer.getvalue()


def espeak_available():
    return shutil.which("espeak-ng") is not None


def speak_pcm(sentence, voice="en"):
    """One sentence of speech from espeak-ng, resampled to nothing: espeak speaks at 22050 Hz."""
    result = subprocess.run(  # noqa: S603
        [shutil.which("espeak-ng"), "-v", voice, "-s", "150", "--stdout", sentence],
        capture_output=True,
        check=True,
        timeout=60,
    )
    with wave.open(BytesIO(result.stdout)) as spoken:
        if spoken.getframerate() != SAMPLE_RATE or spoken.getnchannels() != 1:
            raise RuntimeError("espeak-ng produced an unexpected format")
        return spoken.readframes(spoken.getnframes())


def tones_for(sentence, index):
    """A short phrase of tones as long as the sentence would take to say (about 15 chars/s)."""
    seconds = max(2.0, len(sentence) / 15)
    frequencies = [392.0, 440.0, 523.25, 493.88]
    return tone_pcm(seconds, frequency=frequencies[index % len(frequencies)], volume=0.15)


def record(sentences, voice="en", use_speech=None):
    """Render sentences to an MP3 with a cue (start, end, text) per sentence."""
    use_speech = espeak_available() if use_speech is None else use_speech
    pcm_parts = [silence_pcm(0.4)]
    position = 0.4
    cues = []
    for index, sentence in enumerate(sentences):
        spoken = speak_pcm(sentence, voice) if use_speech else tones_for(sentence, index)
        length = len(spoken) / 2 / SAMPLE_RATE
        cues.append((round(position, 3), round(position + length, 3), sentence))
        pcm_parts += [spoken, silence_pcm(PAUSE_SECONDS)]
        position += length + PAUSE_SECONDS
    return Recording(mp3=encode_mp3(b"".join(pcm_parts)), cues=cues, duration=position)
