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
    private readonly LlmTelemetry _telemetry;
    private readonly ClientDescription _client;
    private readonly string _operation;
    private readonly string? _requestModel;
    private readonly bool _streaming;
    private readonly long _startTimestamp;
    private readonly bool _ownsActivity;
    private List<KeyValuePair<string, string>>? _businessTags;
    private long _lastChunkTimestamp;
    private TagList _chunkTags;
    private bool _chunkTagsReady;
    private string? _limitedRequestModel;
    private string? _limitedResponseModel;

    private LlmCallRecorder(
        LlmTelemetry telemetry, ClientDescription client, string operation, string? requestModel, bool streaming,
        Activity? activity, bool ownsActivity)
    {
        _telemetry = telemetry;
        _client = client;
        _operation = operation;
        _requestModel = requestModel;
        _streaming = streaming;
        Activity = activity;
        _ownsActivity = ownsActivity;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Gets the span this call writes to: our own, one an outer client started, or none.</summary>
    public Activity? Activity { get; }

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
        Activity? activity = null;
        bool ownsActivity = false;
        if (emitSpans)
        {
            activity = FindOuterSpan(telemetry, operation);
            if (activity is null && telemetry.ActivitySource.HasListeners())
            {
                string name = string.IsNullOrWhiteSpace(requestModel) ? operation : operation + " " + requestModel;
                activity = telemetry.ActivitySource.StartActivity(name, ActivityKind.Client);
                ownsActivity = activity is not null;
            }
        }

        LlmCallTracker.MarkCall();
        LlmCallRecorder recorder = new(telemetry, client, operation, requestModel, streaming, activity, ownsActivity);
        if (properties is { Count: > 0 } || LlmTags.Current is not null)
        {
            recorder.Guard(Conventions.ErrorSources.Enrichment, r => r.CollectBusinessTags(properties));
        }

        if (activity is { IsAllDataRequested: true })
        {
            recorder.Guard(Conventions.ErrorSources.Enrichment, static r => r.WriteStartAttributes());
        }

        return recorder;
    }

    /// <summary>Gets whether this recorder writes the standard request attributes (false on a joined span).</summary>
    public bool WritesStandardAttributes => _ownsActivity;

    /// <summary>Records the timing of one streamed update.</summary>
    public void RecordChunk(string? responseModel, ref CallOutcome outcome)
    {
        long now = Stopwatch.GetTimestamp();
        if (outcome.TimeToFirstChunk is null)
        {
            outcome.TimeToFirstChunk = Stopwatch.GetElapsedTime(_startTimestamp, now).TotalSeconds;
            if (_telemetry.TimeToFirstChunk.Enabled)
            {
                _telemetry.TimeToFirstChunk.Record(outcome.TimeToFirstChunk.Value, ChunkTags(responseModel));
            }
        }
        else if (_telemetry.TimePerOutputChunk.Enabled)
        {
            _telemetry.TimePerOutputChunk.Record(
                Stopwatch.GetElapsedTime(_lastChunkTimestamp, now).TotalSeconds, ChunkTags(responseModel));
        }

        _lastChunkTimestamp = now;
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
                Activity!.Dispose();
            }
        }
    }

    private void FinishCore(in CallOutcome outcome, double seconds)
    {
        TokenUsage usage = TokenUsage.From(outcome.Usage, outcome.RawResponse);
        Pricing pricing = usage.HasAnyCount ? Price(outcome, usage) : default;
        bool partial = pricing.Entry is not null && (!outcome.Completed || usage.IsInvalid || IsMissingCounts(usage));

        RecordMetrics(outcome, usage, pricing, seconds);

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
            return entry is null ? default : new Pricing(entry, CostBreakdown.Calculate(entry, usage), Failed: false);
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
        if (unpriced)
        {
            t.WarnUnpricedOnce(outcome.ResponseModel ?? _requestModel ?? "(none)");
        }
        else if (pricing.Entry is not null && t.Cost.Enabled)
        {
            t.Cost.Record((double)pricing.Cost.Total, tags);
        }

        if (t.UsageTokens.Enabled || t.UsageCost.Enabled || t.UsageCostSaved.Enabled || t.RequestsUnpriced.Enabled
            || t.UsageInvalid.Enabled)
        {
            UsageKey key = new(_operation, _client.ProviderName, _limitedRequestModel, _limitedResponseModel,
                _client.ServerAddress, _client.ServerPort, businessTagsKey);
            AddToTotals(t.Instruments.Usage.GetTotals(key, tags), usage, pricing, unpriced);
        }
    }

    /// <summary>Adds one call to the running totals that the observable <c>llm.*</c> counters report.</summary>
    private static void AddToTotals(UsageTotals totals, in TokenUsage usage, in Pricing pricing, bool unpriced)
    {
        // Valid usage adds 0, which creates the series up front, so dashboards and rules see it before the first problem.
        Interlocked.Add(ref totals.Invalid, usage.IsInvalid ? 1 : 0);
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
            totals.AddCost(0, cost.Input);
            if (usage.CacheRead > 0)
            {
                totals.AddCost(1, cost.CacheRead);
            }

            if (usage.CacheCreation > 0)
            {
                totals.AddCost(2, cost.CacheCreation);
            }
        }

        if (usage.TotalOutput is not null)
        {
            totals.AddCost(3, cost.Output);
            if (usage.Reasoning > 0)
            {
                totals.AddCost(4, cost.Reasoning);
            }
        }

        if (cost.CacheSavings > 0)
        {
            totals.AddSaved(cost.CacheSavings);
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
            _limitedRequestModel ??= _telemetry.LimitCardinality(Conventions.GenAI.Request.Model, _requestModel);
            tags.Add(Conventions.GenAI.Request.Model, _limitedRequestModel);
        }

        if (responseModel is not null)
        {
            _limitedResponseModel ??= _telemetry.LimitCardinality(Conventions.GenAI.Response.Model, responseModel);
            tags.Add(Conventions.GenAI.Response.Model, _limitedResponseModel);
        }

        if (_client.ServerAddress is not null)
        {
            tags.Add(Conventions.Server.Address, _client.ServerAddress);
            tags.Add(Conventions.Server.Port, _client.ServerPort);
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

    private TagList ChunkTags(string? responseModel)
    {
        if (!_chunkTagsReady)
        {
            _chunkTags = default;
            AddCommonMetricTags(ref _chunkTags, responseModel);
            _chunkTagsReady = true;
        }

        return _chunkTags;
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

    private void WriteStartAttributes()
    {
        Activity activity = Activity!;
        if (_ownsActivity)
        {
            activity.SetTag(Conventions.GenAI.OperationName, _operation);
            activity.SetTag(Conventions.GenAI.Request.Model, _requestModel);
            activity.SetTag(Conventions.GenAI.ProviderName, _client.ProviderName);
            if (_client.ServerAddress is not null)
            {
                activity.SetTag(Conventions.Server.Address, _client.ServerAddress);
                activity.SetTag(Conventions.Server.Port, _client.ServerPort);
            }

            if (_streaming)
            {
                activity.SetTag(Conventions.GenAI.Request.Stream, true);
            }
        }

        bool traceLoop = (_telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0;
        if (traceLoop)
        {
            activity.SetTag(Conventions.TraceLoop.RequestType, _operation == Conventions.GenAI.ChatOperation ? "chat" : "embedding");
            activity.SetTag(Conventions.TraceLoop.IsStreaming, _streaming);
        }

        if ((_telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            activity.SetTag(Conventions.LegacyLlm.Vendor, _client.ProviderName);
            activity.SetTag(Conventions.LegacyLlm.RequestModel, _requestModel);
            activity.SetTag(Conventions.LegacyLlm.ModelName, _requestModel);
            activity.SetTag(Conventions.LegacyLlm.OperationName, _operation);
        }

        if (_businessTags is not null)
        {
            foreach (KeyValuePair<string, string> tag in _businessTags)
            {
                activity.SetTag(Conventions.Llm.TagPrefix + tag.Key, tag.Value);
                if (traceLoop)
                {
                    activity.SetTag(Conventions.TraceLoop.AssociationPropertiesPrefix + tag.Key, tag.Value);
                    if (tag.Key == "workflow")
                    {
                        activity.SetTag(Conventions.TraceLoop.WorkflowName, tag.Value);
                    }
                }
            }
        }
    }

    private void WriteEndAttributes(
        Activity activity, in CallOutcome outcome, in TokenUsage usage, in Pricing pricing, bool partial, double seconds)
    {
        if (_ownsActivity)
        {
            if (outcome.ResponseId is not null)
            {
                activity.SetTag(Conventions.GenAI.Response.Id, outcome.ResponseId);
            }

            if (outcome.ResponseModel is not null)
            {
                activity.SetTag(Conventions.GenAI.Response.Model, outcome.ResponseModel);
            }

            if (outcome.FinishReason is not null)
            {
                activity.SetTag(Conventions.GenAI.Response.FinishReasons, new[] { outcome.FinishReason });
            }

            if (outcome.TimeToFirstChunk is double timeToFirstChunk)
            {
                activity.SetTag(Conventions.GenAI.Response.TimeToFirstChunk, timeToFirstChunk);
            }

            if (outcome.EmbeddingDimensions is int dimensions)
            {
                activity.SetTag(Conventions.GenAI.EmbeddingsDimensionCount, dimensions);
            }

            SetCount(activity, Conventions.GenAI.Usage.InputTokens, usage.TotalInput);
            SetCount(activity, Conventions.GenAI.Usage.OutputTokens, usage.TotalOutput);
            if (outcome.Usage?.CachedInputTokenCount is not null)
            {
                activity.SetTag(Conventions.GenAI.Usage.CacheReadInputTokens, usage.CacheRead);
            }

            if (outcome.Usage?.ReasoningTokenCount is not null)
            {
                activity.SetTag(Conventions.GenAI.Usage.ReasoningOutputTokens, usage.Reasoning);
            }

            if (outcome.Error is not null)
            {
                activity.SetTag(Conventions.Error.Type, outcome.Error.GetType().FullName);

                // Exception messages can echo prompt text, so the description is written only with content capture on.
                activity.SetStatus(ActivityStatusCode.Error, _telemetry.CaptureContent ? outcome.Error.Message : null);
            }
        }

        if (usage.CacheCreation > 0)
        {
            activity.SetTag(Conventions.GenAI.Usage.CacheCreationInputTokens, usage.CacheCreation);
        }

        WriteCostAttributes(activity, usage, pricing, partial);

        if ((_telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0 && usage.TotalTokens is long total)
        {
            activity.SetTag(Conventions.TraceLoop.TotalTokens, total);
        }

        if ((_telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            WriteLegacyEndAttributes(activity, outcome, usage, pricing, seconds);
        }
    }

    private static void WriteCostAttributes(Activity activity, in TokenUsage usage, in Pricing pricing, bool partial)
    {
        if (!usage.HasAnyCount || pricing.Failed)
        {
            return;
        }

        if (pricing.Entry is null)
        {
            activity.SetTag(Conventions.Llm.CostStatus, Conventions.CostStatuses.UnknownModel);
            return;
        }

        CostBreakdown cost = pricing.Cost;
        activity.SetTag(Conventions.GenAI.Usage.Cost, (double)cost.Total);
        activity.SetTag(Conventions.Llm.CostStatus, partial ? Conventions.CostStatuses.Partial : Conventions.CostStatuses.Priced);
        activity.SetTag(Conventions.Llm.CostModel, pricing.Entry.Model);
        activity.SetTag(Conventions.Llm.CostInput, (double)cost.Input);
        activity.SetTag(Conventions.Llm.CostCacheRead, (double)cost.CacheRead);
        activity.SetTag(Conventions.Llm.CostCacheCreation, (double)cost.CacheCreation);
        activity.SetTag(Conventions.Llm.CostOutput, (double)cost.Output);
        activity.SetTag(Conventions.Llm.CostReasoning, (double)cost.Reasoning);
    }

    private static void WriteLegacyEndAttributes(
        Activity activity, in CallOutcome outcome, in TokenUsage usage, in Pricing pricing, double seconds)
    {
        if (outcome.ResponseModel is not null)
        {
            activity.SetTag(Conventions.LegacyLlm.ResponseModel, outcome.ResponseModel);
        }

        SetCount(activity, Conventions.LegacyLlm.PromptTokens, usage.TotalInput);
        SetCount(activity, Conventions.LegacyLlm.CompletionTokens, usage.TotalOutput);
        activity.SetTag(Conventions.LegacyLlm.LatencyMilliseconds, seconds * 1000);
        if (pricing.Entry is not null)
        {
            activity.SetTag(Conventions.LegacyLlm.CostUsd, (double)pricing.Cost.Total);
        }
    }

    private static void SetCount(Activity activity, string name, long? count)
    {
        if (count is long value)
        {
            activity.SetTag(name, value);
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

    /// <summary>The catalogue entry and cost of a call; no entry means unpriced, or a failed calculation when <c>Failed</c>.</summary>
    private readonly record struct Pricing(ModelPricing? Entry, CostBreakdown Cost, bool Failed);
}
