"""What the comparison scripts print beside their figures: the processor they ran on."""
import platform


def cpu_model():
    """The first processor's name, family and model from /proc/cpuinfo (Linux), else the platform's word."""
    try:
        with open("/proc/cpuinfo") as f:
            fields = {}
            for line in f:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
        return f"{fields.get('model name', '?')} (family {fields.get('cpu family', '?')}, model {fields.get('model', '?')})"
    except OSError:
        return platform.processor() or "unknown processor"
