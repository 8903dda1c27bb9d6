namespace Mle.Serving;

/// <summary>
/// A thread-safe map bounded by count that drops the least recently used entry first.
/// Values are created at most once per key while present, so concurrent misses share one value
/// (the catalog stores the fetch <see cref="Task"/> itself).
/// </summary>
internal sealed class LruCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _index = new();
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get { lock (_gate) { return _index.Count; } }
    }

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }
            var value = create(key);
            _index[key] = _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
            if (_index.Count > capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _index.Remove(oldest.Value.Key);
            }
            return value;
        }
    }

    /// <summary>The value for <paramref name="key"/> if present (and marks it recently used), else the default.</summary>
    public TValue? TryGet(TKey key)
    {
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out var node))
            {
                return default;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Value;
        }
    }

    /// <summary>Removes <paramref name="key"/> only while it still maps to <paramref name="value"/>.</summary>
    public void Remove(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node) && EqualityComparer<TValue>.Default.Equals(node.Value.Value, value))
            {
                _recency.Remove(node);
                _index.Remove(key);
            }
        }
    }
}
