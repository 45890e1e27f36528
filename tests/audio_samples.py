"""Real audio files in every accepted format, generated here (never downloaded)."""

import io

from library.synthesis import encode_mp3, tone_pcm, wav_bytes

SAMPLE_RATE = 48000


def mp3_bytes(seconds=2.0):
    return encode_mp3(tone_pcm(seconds), bitrate_kbps=64)


def wav_file_bytes(seconds=2.0):
    return wav_bytes(tone_pcm(seconds))


def encode_with_av(codec, container, seconds=2.0):
    import av

    pcm = tone_pcm(seconds, sample_rate=SAMPLE_RATE)
    buffer = io.BytesIO()
    output = av.open(buffer, "w", format=container)
    stream = output.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
    samples = len(pcm) // 2
    step = 960
    for offset in range(0, samples, step):
        count = min(step, samples - offset)
        frame = av.AudioFrame(format="s16", layout="mono", samples=count)
        frame.planes[0].update(pcm[offset * 2 : (offset + count) * 2])
        frame.sample_rate = SAMPLE_RATE
        frame.pts = offset
        for packet in stream.encode(frame):
            output.mux(packet)
    for packet in stream.encode(None):
        output.mux(packet)
    output.close()
    return buffer.getvalue()


def m4a_bytes(seconds=2.0):
    return encode_with_av("aac", "ipod", seconds)


def opus_bytes(seconds=2.0):
    return encode_with_av("libopus", "ogg", seconds)


def adts_aac_bytes(seconds=2.0):
    return encode_with_av("aac", "adts", seconds)
