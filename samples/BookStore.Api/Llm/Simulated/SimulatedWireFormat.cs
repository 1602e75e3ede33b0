using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BookStore.Api.Llm.Simulated;

/// <summary>Token counts of one simulated response.</summary>
internal readonly record struct SimulatedUsage(int PromptTokens, int CachedTokens, int CompletionTokens);

/// <summary>
/// Writers of the JSON bodies of OpenAI's chat completions, embeddings, models and error responses, with the field
/// names and nesting of OpenAI's API reference.
/// </summary>
internal static class SimulatedWireFormat
{
    private const string SystemFingerprint = "fp_simulated";

    public static byte[] ChatCompletion(string id, long created, string model, SimulatedReply reply, SimulatedUsage usage) =>
        Write(writer =>
        {
            WriteCompletionHeader(writer, id, created, model, "chat.completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", reply.Text);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", reply.FinishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            writer.WriteEndObject();
        });

    /// <summary>
    /// Writes a streamed chunk with one choice. The first chunk carries the role, the last the finish reason.
    /// When the request set <c>stream_options.include_usage</c>, OpenAI sends <c>"usage": null</c> on every
    /// chunk except the final usage chunk.
    /// </summary>
    public static byte[] ChatChunk(
        string id, long created, string model, bool first, string? content, string? finishReason, bool includeUsage) =>
        Write(writer =>
        {
            WriteCompletionHeader(writer, id, created, model, "chat.completion.chunk");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (first)
            {
                writer.WriteString("role", "assistant");
            }

            if (content is not null)
            {
                writer.WriteString("content", content);
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            if (finishReason is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            if (includeUsage)
            {
                writer.WriteNull("usage");
            }

            writer.WriteEndObject();
        });

    /// <summary>Writes the final chunk of a stream with <c>include_usage</c>: empty choices and the usage.</summary>
    public static byte[] UsageChunk(string id, long created, string model, SimulatedUsage usage) =>
        Write(writer =>
        {
            WriteCompletionHeader(writer, id, created, model, "chat.completion.chunk");
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            writer.WriteEndObject();
        });

    /// <summary>Writes an embeddings list, each vector as a float array or as base64 of little-endian float32.</summary>
    public static byte[] Embeddings(string model, IReadOnlyList<float[]> vectors, bool base64, int promptTokens) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (int i = 0; i < vectors.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (base64)
                {
                    writer.WriteBase64String("embedding", MemoryMarshal.AsBytes(vectors[i].AsSpan()));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (var value in vectors[i])
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("total_tokens", promptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static byte[] ModelList(IReadOnlyList<string> models, long created) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var model in models)
            {
                writer.WriteStartObject();
                writer.WriteString("id", model);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", created);
                writer.WriteString("owned_by", "bookstore-simulated");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>Writes OpenAI's error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static byte[] Error(string message, string type, string? param, string? code) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            WriteStringOrNull(writer, "param", param);
            WriteStringOrNull(writer, "code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static void WriteCompletionHeader(Utf8JsonWriter writer, string id, long created, string model, string objectType)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", objectType);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteString("system_fingerprint", SystemFingerprint);
    }

    private static void WriteUsage(Utf8JsonWriter writer, SimulatedUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.PromptTokens + usage.CompletionTokens);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", usage.CachedTokens);
        writer.WriteNumber("audio_tokens", 0);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteNumber("audio_tokens", 0);
        writer.WriteNumber("accepted_prediction_tokens", 0);
        writer.WriteNumber("rejected_prediction_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
