using System.Collections;

namespace LlmObservability.Telemetry;

/// <summary>
/// A reusable, per-thread list of the attributes a span starts with. <c>ActivitySource.StartActivity</c> copies the
/// attributes before it returns, so the buffer is returned right after and enumerating it allocates nothing.
/// </summary>
internal sealed class StartTagBuffer : IEnumerable<KeyValuePair<string, object?>>, IEnumerator<KeyValuePair<string, object?>>
{
    [ThreadStatic]
    private static StartTagBuffer? t_cached;

    private KeyValuePair<string, object?>[] _items = new KeyValuePair<string, object?>[16];
    private int _count;
    private int _position;

    public KeyValuePair<string, object?> Current => _items[_position];

    object IEnumerator.Current => Current;

    /// <summary>Takes this thread's buffer, or a new one when it is in use (a listener that starts a call itself).</summary>
    public static StartTagBuffer Rent()
    {
        StartTagBuffer? buffer = t_cached;
        if (buffer is null)
        {
            return new StartTagBuffer();
        }

        t_cached = null;
        return buffer;
    }

    /// <summary>Adds an attribute; a <see langword="null"/> value is skipped, as <c>Activity.SetTag</c> would.</summary>
    public void Add(string name, object? value)
    {
        if (value is null)
        {
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = new(name, value);
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Clears the buffer, so that it keeps no values alive, and gives it back to this thread.</summary>
    public void Return()
    {
        Clear();
        if (_items.Length == 16)
        {
            t_cached = this;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        _position = -1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext() => ++_position < _count;

    public void Reset() => _position = -1;

    public void Dispose()
    {
    }
}
