namespace LlmObservability.Telemetry;

/// <summary>
/// Attribute and instrument names of the OpenTelemetry GenAI semantic conventions v1.41 (experimental), plus the
/// TraceLoop/OpenLLMetry names and this library's own <c>llm.*</c> names.
/// </summary>
internal static class SemanticConventions
{
    public const string SchemaUrl = "https://opentelemetry.io/schemas/1.41.0";
    public const string ContentCaptureEnvironmentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    public static class Error
    {
        public const string Type = "error.type";
    }

    public static class Server
    {
        public const string Address = "server.address";
        public const string Port = "server.port";
    }

    public static class GenAI
    {
        public const string ChatOperation = "chat";
        public const string EmbeddingsOperation = "embeddings";
        public const string ExecuteToolOperation = "execute_tool";

        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string ConversationId = "gen_ai.conversation.id";
        public const string SystemInstructions = "gen_ai.system_instructions";
        public const string InputMessages = "gen_ai.input.messages";
        public const string OutputMessages = "gen_ai.output.messages";
        public const string OutputType = "gen_ai.output.type";
        public const string ToolDefinitions = "gen_ai.tool.definitions";
        public const string TokenType = "gen_ai.token.type";
        public const string EmbeddingsDimensionCount = "gen_ai.embeddings.dimension.count";

        public static class Request
        {
            public const string Model = "gen_ai.request.model";
            public const string Temperature = "gen_ai.request.temperature";
            public const string TopP = "gen_ai.request.top_p";
            public const string TopK = "gen_ai.request.top_k";
            public const string MaxTokens = "gen_ai.request.max_tokens";
            public const string FrequencyPenalty = "gen_ai.request.frequency_penalty";
            public const string PresencePenalty = "gen_ai.request.presence_penalty";
            public const string Seed = "gen_ai.request.seed";
            public const string StopSequences = "gen_ai.request.stop_sequences";
            public const string ChoiceCount = "gen_ai.request.choice.count";
            public const string Stream = "gen_ai.request.stream";
            public const string EncodingFormats = "gen_ai.request.encoding_formats";
        }

        public static class Response
        {
            public const string Id = "gen_ai.response.id";
            public const string Model = "gen_ai.response.model";
            public const string FinishReasons = "gen_ai.response.finish_reasons";
            public const string TimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
        }

        public static class Usage
        {
            public const string InputTokens = "gen_ai.usage.input_tokens";
            public const string OutputTokens = "gen_ai.usage.output_tokens";
            public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
            public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
            public const string ReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";

            /// <summary>Total USD cost of the call; the name OpenLIT and LiteLLM emit and Langfuse reads.</summary>
            public const string Cost = "gen_ai.usage.cost";
        }

        public static class Client
        {
            public static class OperationDuration
            {
                public const string Name = "gen_ai.client.operation.duration";
                public const string Description = "Duration of a GenAI client operation.";
                public static readonly double[] Buckets =
                    [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
            }

            public static class TokenUsage
            {
                public const string Name = "gen_ai.client.token.usage";
                public const string Description = "Number of input and output tokens used per GenAI operation.";
                public static readonly long[] Buckets =
                [
                    1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
                    67_108_864,
                ];
            }

            public static class TimeToFirstChunk
            {
                public const string Name = "gen_ai.client.operation.time_to_first_chunk";
                public const string Description = "Time from the start of a streaming operation to its first chunk.";
            }

            public static class TimePerOutputChunk
            {
                public const string Name = "gen_ai.client.operation.time_per_output_chunk";
                public const string Description = "Time between consecutive chunks of a streaming operation.";
            }
        }

        public static class CostHistogram
        {
            public const string Name = "gen_ai.usage.cost";
            public const string Description = "Cost of one GenAI operation in USD, from the pricing catalogue.";
            public static readonly double[] Buckets =
            [
                0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                0.5, 1, 2, 5, 10, 20, 50, 100,
            ];
        }
    }

    /// <summary>Names of this library's <c>llm.*</c> attributes and instruments.</summary>
    public static class Llm
    {
        public const string TokenType = "llm.token.type";
        public const string ErrorSource = "llm.error.source";
        public const string TagPrefix = "llm.tag.";

        public const string CostStatus = "llm.cost.status";
        public const string CostModel = "llm.cost.model";
        public const string CostInput = "llm.cost.input";
        public const string CostCacheRead = "llm.cost.cache_read";
        public const string CostCacheCreation = "llm.cost.cache_creation";
        public const string CostOutput = "llm.cost.output";
        public const string CostReasoning = "llm.cost.reasoning";

        public const string UsageTokens = "llm.usage.tokens";
        public const string UsageCost = "llm.usage.cost";
        public const string UsageCostSaved = "llm.usage.cost.saved";
        public const string RequestsUnpriced = "llm.requests.unpriced";
        public const string UsageInvalid = "llm.usage.invalid";
        public const string TelemetryErrors = "llm.telemetry.errors";

        /// <summary>Added to ASP.NET Core's <c>http.server.request.duration</c> for requests that called an LLM.</summary>
        public const string HttpRequestMadeLlmCall = "llm.request";
    }

    /// <summary>TraceLoop/OpenLLMetry attribute names, as its semantic-conventions-ai package defines them.</summary>
    public static class TraceLoop
    {
        public const string RequestType = "llm.request.type";
        public const string TotalTokens = "llm.usage.total_tokens";
        public const string IsStreaming = "llm.is_streaming";
        public const string WorkflowName = "traceloop.workflow.name";
        public const string AssociationPropertiesPrefix = "traceloop.association.properties.";
        public const string EntityInput = "traceloop.entity.input";
        public const string EntityOutput = "traceloop.entity.output";
        public const string PromptPrefix = "gen_ai.prompt.";
        public const string CompletionPrefix = "gen_ai.completion.";
    }

    /// <summary>OpenLLMetry names from before its 2024 rename, and in-house names of that generation.</summary>
    public static class LegacyLlm
    {
        public const string Vendor = "llm.vendor";
        public const string RequestModel = "llm.request.model";
        public const string ResponseModel = "llm.response.model";
        public const string PromptTokens = "llm.usage.prompt_tokens";
        public const string CompletionTokens = "llm.usage.completion_tokens";
        public const string ModelName = "llm.model.name";
        public const string OperationName = "llm.operation.name";
        public const string LatencyMilliseconds = "llm.latency";
        public const string CostUsd = "gen_ai.cost.usd";
        public const string PromptPrefix = "llm.prompts.";
        public const string CompletionPrefix = "llm.completions.";
    }

    /// <summary>Values of <c>llm.token.type</c>: a partition of billable tokens, so a sum never counts one twice.</summary>
    public static class TokenTypes
    {
        public const string Input = "input";
        public const string CacheRead = "cache_read";
        public const string CacheCreation = "cache_creation";
        public const string Output = "output";
        public const string Reasoning = "reasoning";
    }

    /// <summary>Values of <c>llm.error.source</c>: where inside this library an exception was caught.</summary>
    public static class ErrorSources
    {
        public const string Redaction = "redaction";
        public const string Enrichment = "enrichment";
        public const string Pricing = "pricing";
        public const string Content = "content";

        public static readonly string[] All = [Redaction, Enrichment, Pricing, Content];
    }

    public static class CostStatuses
    {
        public const string Priced = "priced";
        public const string UnknownModel = "unknown_model";
        public const string Partial = "partial";
    }
}
