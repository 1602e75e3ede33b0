using System.Diagnostics;
using System.Globalization;
using LlmObservability.Pricing;
using Microsoft.Extensions.AI;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.Telemetry;

/// <summary>
/// Records one LLM operation: starts (or joins) its span, and when the call ends records duration, tokens and cost
/// on the metrics and the span. Every step that could throw is guarded, so telemetry never changes the caller's result.
/// </summary>
internal sealed class LlmCallRecorder
{
    // Attribute values that repeat on every call, boxed once.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private static readonly object BoxedZeroUsd = 0.0;
    private static readonly string[] StopReason = ["stop"];
    private static readonly string[] LengthReason = ["length"];
    private static readonly string[] ToolCallsReason = ["tool_calls"];
    private static readonly string[] ContentFilterReason = ["content_filter"];

    private readonly LlmTelemetry _telemetry;
    private readonly ClientDescription _client;
    private readonly string _operation;
    private readonly string? _requestModel;
    private readonly bool _streaming;
    private readonly long _startTimestamp;
    private bool _ownsActivity;
    private List<KeyValuePair<string, string>>? _businessTags;
    private ChunkTiming? _chunks;
    private string? _limitedRequestModel;
    private string? _limitedResponseModel;

    private LlmCallRecorder(
        LlmTelemetry telemetry, ClientDescription client, string operation, string? requestModel, bool streaming)
    {
        _telemetry = telemetry;
        _client = client;
        _operation = operation;
        _requestModel = requestModel;
        _streaming = streaming;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Gets the span this call writes to: our own, one an outer client started, or none.</summary>
    public Activity? Activity { get; private set; }

    public LlmTelemetry Telemetry => _telemetry;

    /// <summary>Starts recording a call; <paramref name="emitSpans"/> is false when an inner client emits them.</summary>
    public static LlmCallRecorder Start(
        LlmTelemetry telemetry,
        ClientDescription client,
        string operation,
        string? requestModel,
        bool streaming,
        bool emitSpans,
        AdditionalPropertiesDictionary? properties)
    {
        LlmCallTracker.MarkCall();
        LlmCallRecorder recorder = new(telemetry, client, operation, requestModel, streaming);
        if (properties is { Count: > 0 } || LlmTags.Current is not null)
        {
            recorder.Guard(Conventions.ErrorSources.Enrichment, r => r.CollectBusinessTags(properties));
        }

        if (!emitSpans)
        {
            return recorder;
        }

        if (FindOuterSpan(telemetry, operation) is { } outer)
        {
            recorder.Activity = outer;
            if (outer.IsAllDataRequested)
            {
                recorder.Guard(Conventions.ErrorSources.Enrichment, static r => r.WriteStartAttributes(r.Activity, null));
            }
        }
        else if (telemetry.ActivitySource.HasListeners())
        {
            recorder.StartOwnActivity();
        }

        return recorder;
    }

    /// <summary>
    /// Starts this call's span with its start attributes, which samplers can then read, as the semantic conventions
    /// advise. Passing them at creation also saves one <see cref="Activity.AddTag(string, object)"/> call each.
    /// </summary>
    private void StartOwnActivity()
    {
        string name = string.IsNullOrWhiteSpace(_requestModel) ? _operation : _client.GetSpanName(_operation, _requestModel);
        Activity? previous = Activity.Current;
        StartTagBuffer tags = StartTagBuffer.Rent();
        try
        {
            try
            {
                WriteStartAttributes(null, tags);
            }
            catch (Exception exception)
            {
                tags.Clear();
                _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
            }

            Activity = _telemetry.ActivitySource.StartActivity(name, ActivityKind.Client, default(ActivityContext), tags);
            _ownsActivity = Activity is not null;
        }
        catch (Exception exception)
        {
            // A listener's sampler or start callback threw: the call goes on without a span. A span that did start
            // is no longer made current, so the inner client's work is not parented to a span that never ends.
            if (Activity.Current is { } started && started != previous && started.Source == _telemetry.ActivitySource)
            {
                Activity.Current = previous;
            }

            _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
        }
        finally
        {
            tags.Return();
        }
    }

    /// <summary>Gets whether this recorder writes the standard request attributes (false on a joined span).</summary>
    public bool WritesStandardAttributes => _ownsActivity;

    /// <summary>Records the timing of one streamed update.</summary>
    public void RecordChunk(string? responseModel, ref CallOutcome outcome)
    {
        ChunkTiming chunks = _chunks ??= new();
        bool perChunk = _telemetry.TimePerOutputChunk.Enabled;
        if (outcome.TimeToFirstChunk is not null && !perChunk)
        {
            // Nothing reads this chunk's time, so the clock is not read. A listener that attaches mid-stream gets
            // its first interval from the chunk after next.
            chunks.LastTimestamp = 0;
            return;
        }

        long now = Stopwatch.GetTimestamp();
        if (outcome.TimeToFirstChunk is null)
        {
            outcome.TimeToFirstChunk = Stopwatch.GetElapsedTime(_startTimestamp, now).TotalSeconds;
            if (_telemetry.TimeToFirstChunk.Enabled)
            {
                _telemetry.TimeToFirstChunk.Record(outcome.TimeToFirstChunk.Value, in ChunkTags(chunks, responseModel));
            }
        }
        else if (chunks.LastTimestamp != 0)
        {
            _telemetry.TimePerOutputChunk.Record(
                Stopwatch.GetElapsedTime(chunks.LastTimestamp, now).TotalSeconds, in ChunkTags(chunks, responseModel));
        }

        chunks.LastTimestamp = now;
    }

    /// <summary>Records everything known at the end of the call and ends the span if this recorder started it.</summary>
    public void Finish(in CallOutcome outcome)
    {
        double seconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        try
        {
            FinishCore(outcome, seconds);
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
        }
        finally
        {
            if (_ownsActivity)
            {
                StopActivity();
            }
        }
    }

    /// <summary>Ends this call's span; a listener's stop callback that throws is reported, not passed to the caller.</summary>
    private void StopActivity()
    {
        try
        {
            Activity!.Dispose();
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
        }
    }

    private void FinishCore(in CallOutcome outcome, double seconds)
    {
        TokenUsage usage = TokenUsage.From(outcome.Usage, outcome.RawResponse);
        Pricing pricing = usage.HasAnyCount ? Price(outcome, usage) : default;
        bool partial = pricing.Entry is not null && (!outcome.Completed || usage.IsInvalid || IsMissingCounts(usage));

        if (pricing.Entry is null && !pricing.Failed && usage.HasAnyCount)
        {
            _telemetry.WarnUnpricedOnce(outcome.ResponseModel ?? _requestModel ?? "(none)");
        }

        if (_telemetry.Instruments.AnyCallMetricEnabled)
        {
            RecordMetrics(outcome, usage, pricing, seconds);
        }

        if (Activity is { IsAllDataRequested: true } activity)
        {
            WriteEndAttributes(activity, outcome, usage, pricing, partial, seconds);
            if (_telemetry.Options.EnrichSpan is { } enrich)
            {
                try
                {
                    enrich(activity);
                }
                catch (Exception exception)
                {
                    _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
                }
            }
        }
    }

    /// <summary>Resolves the catalogue entry and computes the cost; a failure is counted, not thrown.</summary>
    private Pricing Price(in CallOutcome outcome, in TokenUsage usage)
    {
        try
        {
            ModelPricing? entry = _telemetry.Catalog.Resolve(outcome.ResponseModel, _requestModel);
            return entry is null
                ? default
                : new Pricing(entry, CostBreakdown.Calculate(entry, usage, outcome.ServiceTier), Failed: false);
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(Conventions.ErrorSources.Pricing, exception);
            return new Pricing(null, default, Failed: true);
        }
    }

    private bool IsMissingCounts(in TokenUsage usage) =>
        usage.TotalInput is null || (_operation == Conventions.GenAI.ChatOperation && usage.TotalOutput is null);

    private void RecordMetrics(in CallOutcome outcome, in TokenUsage usage, in Pricing pricing, double seconds)
    {
        LlmTelemetry t = _telemetry;
        TagList tags = default;
        string? businessTagsKey = AddCommonMetricTags(ref tags, outcome.ResponseModel);

        if (t.OperationDuration.Enabled)
        {
            TagList durationTags = tags;
            if (outcome.Error is not null)
            {
                durationTags.Add(Conventions.Error.Type, outcome.Error.GetType().FullName);
            }

            t.OperationDuration.Record(seconds, durationTags);
        }

        t.Instruments.InitializeErrorSeries();
        if (!usage.HasAnyCount)
        {
            return;
        }

        if (t.TokenUsage.Enabled)
        {
            RecordTokenHistogram(tags, Conventions.TokenTypes.Input, usage.TotalInput);
            RecordTokenHistogram(tags, Conventions.TokenTypes.Output, usage.TotalOutput);
        }

        bool unpriced = pricing.Entry is null && !pricing.Failed;
        if (pricing.Entry is not null && t.Cost.Enabled)
        {
            t.Cost.Record(pricing.Cost.UsdDouble(CostComponent.Total), tags);
        }

        if (t.UsageTokens.Enabled || t.UsageCost.Enabled || t.UsageCostSaved.Enabled || t.RequestsUnpriced.Enabled
            || t.UsageInvalid.Enabled)
        {
            UsageKey key = new(_operation, _client.ProviderName, _limitedRequestModel, _limitedResponseModel,
                _client.ServerAddress, _client.ServerPort, businessTagsKey);
            AddToTotals(_client.GetUsageTotals(t.Instruments.Usage, key, tags), usage, pricing, unpriced);
        }
    }

    /// <summary>Adds one call to the running totals that the observable <c>llm.*</c> counters report.</summary>
    private static void AddToTotals(UsageTotals totals, in TokenUsage usage, in Pricing pricing, bool unpriced)
    {
        // The series is reported from the first call on, at 0 while usage is valid, so dashboards and rules see it
        // before the first problem.
        if (usage.IsInvalid)
        {
            Interlocked.Increment(ref totals.Invalid);
        }

        totals.InvalidSeen = true;

        if (unpriced)
        {
            Interlocked.Increment(ref totals.Unpriced);
            totals.UnpricedSeen = true;
        }

        // Indexes follow the token types: input, cache_read, cache_creation, output, reasoning. Input and output are
        // always written when reported; the others only when non-zero.
        if (usage.TotalInput is not null)
        {
            totals.AddTokens(0, usage.UncachedInput);
            AddIfPositive(totals, 1, usage.CacheRead);
            AddIfPositive(totals, 2, usage.CacheCreation);
        }

        if (usage.TotalOutput is not null)
        {
            totals.AddTokens(3, usage.OutputExcludingReasoning);
            AddIfPositive(totals, 4, usage.Reasoning);
        }

        if (pricing.Entry is null)
        {
            return;
        }

        CostBreakdown cost = pricing.Cost;
        if (usage.TotalInput is not null)
        {
            totals.AddCost(0, cost, CostComponent.Input);
            if (usage.CacheRead > 0)
            {
                totals.AddCost(1, cost, CostComponent.CacheRead);
            }

            if (usage.CacheCreation > 0)
            {
                totals.AddCost(2, cost, CostComponent.CacheCreation);
            }
        }

        if (usage.TotalOutput is not null)
        {
            totals.AddCost(3, cost, CostComponent.Output);
            if (usage.Reasoning > 0)
            {
                totals.AddCost(4, cost, CostComponent.Reasoning);
            }
        }

        if (cost.IsPositive(CostComponent.CacheSavings))
        {
            totals.AddSaved(cost);
        }
    }

    private static void AddIfPositive(UsageTotals totals, int index, long count)
    {
        if (count > 0)
        {
            totals.AddTokens(index, count);
        }
    }

    private void RecordTokenHistogram(TagList tags, string tokenType, long? count)
    {
        if (count is long value)
        {
            tags.Add(Conventions.GenAI.TokenType, tokenType);
            _telemetry.TokenUsage.Record(value, tags);
        }
    }

    /// <summary>
    /// Adds the attributes every metric of this call carries, and returns the allow-listed business tags as one string
    /// that identifies their values, or <see langword="null"/> when there are none.
    /// </summary>
    private string? AddCommonMetricTags(ref TagList tags, string? responseModel)
    {
        tags.Add(Conventions.GenAI.OperationName, _operation);
        tags.Add(Conventions.GenAI.ProviderName, _client.ProviderName);
        if (_requestModel is not null)
        {
            _limitedRequestModel ??= _telemetry.RequestModelLimiter.Limit(_requestModel);
            tags.Add(Conventions.GenAI.Request.Model, _limitedRequestModel);
        }

        if (responseModel is not null)
        {
            _limitedResponseModel ??= _telemetry.ResponseModelLimiter.Limit(responseModel);
            tags.Add(Conventions.GenAI.Response.Model, _limitedResponseModel);
        }

        if (_client.ServerAddress is not null)
        {
            tags.Add(Conventions.Server.Address, _client.ServerAddress);
            tags.Add(Conventions.Server.Port, _client.BoxedServerPort);
        }

        if (_businessTags is null)
        {
            return null;
        }

        string? key = null;
        foreach (KeyValuePair<string, string> tag in _businessTags)
        {
            if (_telemetry.IsMetricTag(tag.Key))
            {
                string name = Conventions.Llm.TagPrefix + tag.Key;
                string value = _telemetry.LimitCardinality(name, tag.Value);
                tags.Add(name, value);
                key = key is null ? name + "=" + value : key + "\n" + name + "=" + value;
            }
        }

        return key;
    }

    // Returned by reference, so that each chunk's measurement does not copy the tag list.
    private ref TagList ChunkTags(ChunkTiming chunks, string? responseModel)
    {
        if (!chunks.TagsReady)
        {
            chunks.Tags = default;
            AddCommonMetricTags(ref chunks.Tags, responseModel);
            chunks.TagsReady = true;
        }

        return ref chunks.Tags;
    }

    private void CollectBusinessTags(AdditionalPropertiesDictionary? properties)
    {
        if (properties is not null)
        {
            foreach (KeyValuePair<string, object?> property in properties)
            {
                if (property.Key.StartsWith(Conventions.Llm.TagPrefix, StringComparison.Ordinal)
                    && property.Key.Length > Conventions.Llm.TagPrefix.Length
                    && property.Value is not null)
                {
                    string value = Convert.ToString(property.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                    AddBusinessTag(property.Key[Conventions.Llm.TagPrefix.Length..], value);
                }
            }
        }

        // Scope tags come after the call's own, and inner scopes before outer ones, so the first value of a name wins.
        for (LlmTags.TagNode? node = LlmTags.Current; node is not null; node = node.Parent)
        {
            AddBusinessTag(node.Name, node.Value);
        }
    }

    private void AddBusinessTag(string name, string value)
    {
        _businessTags ??= [];
        foreach (KeyValuePair<string, string> existing in _businessTags)
        {
            if (existing.Key == name)
            {
                return;
            }
        }

        _businessTags.Add(new(name, value));
    }

    /// <summary>
    /// Writes the start attributes: into <paramref name="buffer"/> for a span this recorder is about to start, or onto
    /// <paramref name="joined"/>, a span an outer client started, which gets only the attributes it lacks.
    /// </summary>
    private void WriteStartAttributes(Activity? joined, StartTagBuffer? buffer)
    {
        if (buffer is not null)
        {
            buffer.Add(Conventions.GenAI.OperationName, _operation);
            buffer.Add(Conventions.GenAI.Request.Model, _requestModel);
            buffer.Add(Conventions.GenAI.ProviderName, _client.ProviderName);
            if (_client.ServerAddress is not null)
            {
                buffer.Add(Conventions.Server.Address, _client.ServerAddress);
                buffer.Add(Conventions.Server.Port, _client.BoxedServerPort);
            }

            if (_streaming)
            {
                buffer.Add(Conventions.GenAI.Request.Stream, BoxedTrue);
            }
        }

        bool traceLoop = (_telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0;
        if (traceLoop)
        {
            Put(Conventions.TraceLoop.RequestType, _operation == Conventions.GenAI.ChatOperation ? "chat" : "embedding");
            Put(Conventions.TraceLoop.IsStreaming, _streaming ? BoxedTrue : BoxedFalse);
        }

        if ((_telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            Put(Conventions.LegacyLlm.Vendor, _client.ProviderName);
            Put(Conventions.LegacyLlm.RequestModel, _requestModel);
            Put(Conventions.LegacyLlm.ModelName, _requestModel);
            Put(Conventions.LegacyLlm.OperationName, _operation);
        }

        if (_businessTags is not null)
        {
            foreach (KeyValuePair<string, string> tag in _businessTags)
            {
                Put(Conventions.Llm.TagPrefix + tag.Key, tag.Value);
                if (traceLoop)
                {
                    Put(Conventions.TraceLoop.AssociationPropertiesPrefix + tag.Key, tag.Value);
                    if (tag.Key == "workflow")
                    {
                        Put(Conventions.TraceLoop.WorkflowName, tag.Value);
                    }
                }
            }
        }

        void Put(string name, object? value)
        {
            if (buffer is not null)
            {
                buffer.Add(name, value);
            }
            else
            {
                joined!.SetTag(name, value);
            }
        }
    }

    private void WriteEndAttributes(
        Activity activity, in CallOutcome outcome, in TokenUsage usage, in Pricing pricing, bool partial, double seconds)
    {
        if (_ownsActivity)
        {
            Write(activity, Conventions.GenAI.Response.Id, outcome.ResponseId);
            Write(activity, Conventions.GenAI.Response.Model, outcome.ResponseModel);
            if (outcome.FinishReason is not null)
            {
                Write(activity, Conventions.GenAI.Response.FinishReasons, FinishReasons(outcome.FinishReason));
            }

            if (outcome.TimeToFirstChunk is double timeToFirstChunk)
            {
                Write(activity, Conventions.GenAI.Response.TimeToFirstChunk, timeToFirstChunk);
            }

            if (outcome.EmbeddingDimensions is int dimensions)
            {
                Write(activity, Conventions.GenAI.EmbeddingsDimensionCount, dimensions);
            }

            WriteCount(activity, Conventions.GenAI.Usage.InputTokens, usage.TotalInput);
            WriteCount(activity, Conventions.GenAI.Usage.OutputTokens, usage.TotalOutput);
            if (outcome.Usage?.CachedInputTokenCount is not null)
            {
                Write(activity, Conventions.GenAI.Usage.CacheReadInputTokens, usage.CacheRead);
            }

            if (outcome.Usage?.ReasoningTokenCount is not null)
            {
                Write(activity, Conventions.GenAI.Usage.ReasoningOutputTokens, usage.Reasoning);
            }

            if (outcome.Error is not null)
            {
                Write(activity, Conventions.Error.Type, outcome.Error.GetType().FullName);

                // Exception messages can echo prompt text, so the description is written only with content capture on.
                activity.SetStatus(ActivityStatusCode.Error, _telemetry.CaptureContent ? outcome.Error.Message : null);
            }
        }

        if (usage.CacheCreation > 0)
        {
            Write(activity, Conventions.GenAI.Usage.CacheCreationInputTokens, usage.CacheCreation);
        }

        WriteCostAttributes(activity, usage, pricing, partial);

        if ((_telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0 && usage.TotalTokens is long total)
        {
            Write(activity, Conventions.TraceLoop.TotalTokens, total);
        }

        if ((_telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            WriteLegacyEndAttributes(activity, outcome, usage, pricing, seconds);
        }
    }

    private void WriteCostAttributes(Activity activity, in TokenUsage usage, in Pricing pricing, bool partial)
    {
        if (!usage.HasAnyCount || pricing.Failed)
        {
            return;
        }

        if (pricing.Entry is null)
        {
            Write(activity, Conventions.Llm.CostStatus, Conventions.CostStatuses.UnknownModel);
            return;
        }

        CostBreakdown cost = pricing.Cost;
        Write(activity, Conventions.GenAI.Usage.Cost, BoxUsd(cost, CostComponent.Total));
        Write(activity, Conventions.Llm.CostStatus, partial ? Conventions.CostStatuses.Partial : Conventions.CostStatuses.Priced);
        Write(activity, Conventions.Llm.CostModel, pricing.Entry.Model);
        Write(activity, Conventions.Llm.CostInput, BoxUsd(cost, CostComponent.Input));
        Write(activity, Conventions.Llm.CostCacheRead, BoxUsd(cost, CostComponent.CacheRead));
        Write(activity, Conventions.Llm.CostCacheCreation, BoxUsd(cost, CostComponent.CacheCreation));
        Write(activity, Conventions.Llm.CostOutput, BoxUsd(cost, CostComponent.Output));
        Write(activity, Conventions.Llm.CostReasoning, BoxUsd(cost, CostComponent.Reasoning));
    }

    private static object BoxUsd(in CostBreakdown cost, CostComponent component) =>
        cost.IsPositive(component) ? cost.UsdDouble(component) : BoxedZeroUsd;

    private static string[] FinishReasons(string reason) => reason switch
    {
        "stop" => StopReason,
        "length" => LengthReason,
        "tool_calls" => ToolCallsReason,
        "content_filter" => ContentFilterReason,
        _ => [reason],
    };

    /// <summary>
    /// Writes an attribute unless the value is <see langword="null"/>. On this recorder's own span each name is written
    /// once, so it is appended without the search for an existing value that <see cref="Activity.SetTag"/> makes. A
    /// joined span may already have it, so there it is set.
    /// </summary>
    private void Write(Activity activity, string name, object? value)
    {
        if (value is null)
        {
            return;
        }

        if (_ownsActivity)
        {
            activity.AddTag(name, value);
        }
        else
        {
            activity.SetTag(name, value);
        }
    }

    private void WriteCount(Activity activity, string name, long? count)
    {
        if (count is long value)
        {
            Write(activity, name, value);
        }
    }

    private void WriteLegacyEndAttributes(
        Activity activity, in CallOutcome outcome, in TokenUsage usage, in Pricing pricing, double seconds)
    {
        Write(activity, Conventions.LegacyLlm.ResponseModel, outcome.ResponseModel);
        WriteCount(activity, Conventions.LegacyLlm.PromptTokens, usage.TotalInput);
        WriteCount(activity, Conventions.LegacyLlm.CompletionTokens, usage.TotalOutput);
        Write(activity, Conventions.LegacyLlm.LatencyMilliseconds, seconds * 1000);
        if (pricing.Entry is not null)
        {
            Write(activity, Conventions.LegacyLlm.CostUsd, pricing.Cost.UsdDouble(CostComponent.Total));
        }
    }

    private void Guard(string source, Action<LlmCallRecorder> action)
    {
        try
        {
            action(this);
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(source, exception);
        }
    }

    /// <summary>
    /// Finds a span that Microsoft.Extensions.AI's OpenTelemetryChatClient (or another GenAI instrumentation) started
    /// for this same call, so that the call keeps one span and ours adds to it.
    /// </summary>
    private static Activity? FindOuterSpan(LlmTelemetry telemetry, string operation)
    {
        Activity? current = Activity.Current;
        if (current is null || current.Kind != ActivityKind.Client || current.Source == telemetry.ActivitySource
            || current.Source.Name == LlmObservabilityDefaults.ActivitySourceName)
        {
            return null;
        }

        return current.GetTagItem(Conventions.GenAI.OperationName) is string name
            && string.Equals(name, operation, StringComparison.Ordinal)
            && current.GetTagItem(Conventions.GenAI.Response.Model) is null
            ? current
            : null;
    }

    /// <summary>Timing state of a streamed call, created at its first update.</summary>
    private sealed class ChunkTiming
    {
        public long LastTimestamp;
        public TagList Tags;
        public bool TagsReady;
    }

    /// <summary>The catalogue entry and cost of a call; no entry means unpriced, or a failed calculation when <c>Failed</c>.</summary>
    private readonly record struct Pricing(ModelPricing? Entry, CostBreakdown Cost, bool Failed);
}
