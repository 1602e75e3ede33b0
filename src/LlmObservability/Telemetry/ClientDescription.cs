namespace LlmObservability.Telemetry;

/// <summary>
/// What an instrumented client knows about the provider it calls, read once from its metadata, and the lookups it
/// repeats on every call, cached for the next one.
/// </summary>
internal sealed class ClientDescription
{
    private SpanName? _lastSpanName;
    private UsageTotals? _lastTotals;

    private ClientDescription(string? providerName, string? serverAddress, int serverPort, string? defaultModelId)
    {
        ProviderName = providerName;
        ServerAddress = serverAddress;
        ServerPort = serverPort;
        BoxedServerPort = serverPort;
        DefaultModelId = defaultModelId;
    }

    public string? ProviderName { get; }

    public string? ServerAddress { get; }

    public int ServerPort { get; }

    /// <summary>Gets <see cref="ServerPort"/> boxed once, for span and metric attributes.</summary>
    public object BoxedServerPort { get; }

    public string? DefaultModelId { get; }

    public static ClientDescription From(string? providerName, Uri? providerUri, string? defaultModelId) =>
        new(providerName, providerUri?.Host, providerUri is null ? 0 : providerUri.Port, defaultModelId);

    /// <summary>Returns <c>"{operation} {model}"</c>, reusing the string of the previous call when it is the same.</summary>
    public string GetSpanName(string operation, string model)
    {
        SpanName? last = Volatile.Read(ref _lastSpanName);
        if (last is not null && ReferenceEquals(last.Operation, operation) && string.Equals(last.Model, model, StringComparison.Ordinal))
        {
            return last.Name;
        }

        SpanName name = new(operation, model, operation + " " + model);
        Volatile.Write(ref _lastSpanName, name);
        return name.Name;
    }

    /// <summary>Returns the usage totals of <paramref name="key"/>, from the previous call when its key is the same.</summary>
    public UsageTotals GetUsageTotals(UsageAggregator aggregator, in UsageKey key, in System.Diagnostics.TagList tags)
    {
        UsageTotals? last = Volatile.Read(ref _lastTotals);
        if (last is not null && last.Key == key)
        {
            return last;
        }

        UsageTotals totals = aggregator.GetTotals(key, tags);
        Volatile.Write(ref _lastTotals, totals);
        return totals;
    }

    private sealed record SpanName(string Operation, string Model, string Name);
}
