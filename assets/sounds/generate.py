"""Writes the sounds this repository ships, synthesized from sine waves (no downloads).

    python3 assets/sounds/generate.py

- assets/sounds/coin.wav: a pickup chime, two quick rising notes (0.25 s).
- assets/sounds/hit.wav: a short low thud with a falling pitch (0.2 s).
- assets/sounds/click.wav: a UI click (0.05 s).
- assets/sounds/hum.ogg: a soft two-second drone that loops without a seam (Ogg Vorbis,
  encoded by `oggenc` from Debian's vorbis-tools when it is installed; skipped otherwise).
- tests/sounds/blip.wav: the tests' sound, 0.1 s.

Every file is 16-bit mono PCM at 22,050 Hz before encoding; each is a few kilobytes.
"""

import math
import os
import shutil
import struct
import subprocess
import tempfile
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RATE = 22050


def envelope(t, length, attack=0.005, release=0.05):
    """A linear fade in and out, so no file starts or ends with a click."""
    fade_in = min(1.0, t / attack) if attack > 0 else 1.0
    fade_out = min(1.0, (length - t) / release) if release > 0 else 1.0
    return max(0.0, min(fade_in, fade_out))


def render(length, sample):
    """`sample(t)` in [-1, 1] for every sample of `length` seconds, as 16-bit PCM bytes."""
    frames = bytearray()
    for i in range(int(length * RATE)):
        value = max(-1.0, min(1.0, sample(i / RATE)))
        frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def write_wav(path, pcm):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def coin(t):
    length = 0.25
    note = 988.0 if t < 0.08 else 1319.0  # B5 then E6
    start = 0.0 if t < 0.08 else 0.08
    decay = math.exp(-(t - start) * 12.0)
    tone = math.sin(2 * math.pi * note * t) + 0.3 * math.sin(2 * math.pi * note * 2 * t)
    return 0.5 * tone * decay * envelope(t, length)


def hit(t):
    length = 0.2
    # The integral of a pitch falling from 230 Hz to 50 Hz: 50 + 180 e^(-8t).
    phase = 2 * math.pi * (50.0 * t + 180.0 * (1 - math.exp(-t * 8.0)) / 8.0)
    return 0.8 * math.sin(phase) * math.exp(-t * 18.0) * envelope(t, length, release=0.02)


def click(t):
    length = 0.05
    return 0.4 * math.sin(2 * math.pi * 2000.0 * t) * math.exp(-t * 90.0) * envelope(
        t, length, attack=0.001, release=0.01
    )


def hum(t):
    # Whole numbers of cycles in 2 s (55, 82.5 and 110 Hz), so the loop joins without a seam.
    return 0.25 * (
        math.sin(2 * math.pi * 55.0 * t)
        + 0.5 * math.sin(2 * math.pi * 82.5 * t)
        + 0.25 * math.sin(2 * math.pi * 110.0 * t)
    )


def blip(t):
    return 0.5 * math.sin(2 * math.pi * 660.0 * t) * envelope(t, 0.1)


def write_ogg(path, pcm):
    oggenc = shutil.which("oggenc")
    if oggenc is None:
        print(f"skipped {os.path.relpath(path, ROOT)}: no oggenc (apt-get install vorbis-tools)")
        return
    with tempfile.TemporaryDirectory() as scratch:
        source = os.path.join(scratch, "source.wav")
        with wave.open(source, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(pcm)
        subprocess.run([oggenc, "--quiet", "-q", "2", "-o", path, source], check=True)
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    sounds = os.path.join(ROOT, "assets", "sounds")
    write_wav(os.path.join(sounds, "coin.wav"), render(0.25, coin))
    write_wav(os.path.join(sounds, "hit.wav"), render(0.2, hit))
    write_wav(os.path.join(sounds, "click.wav"), render(0.05, click))
    write_ogg(os.path.join(sounds, "hum.ogg"), render(2.0, hum))
    write_wav(os.path.join(ROOT, "tests", "sounds", "blip.wav"), render(0.1, blip))


if __name__ == "__main__":
    main()
