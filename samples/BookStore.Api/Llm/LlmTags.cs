namespace BookStore.Api.Llm;

/// <summary>
/// Keys of the business tags that the sample puts in <c>ChatOptions.AdditionalProperties</c> and
/// <c>EmbeddingGenerationOptions.AdditionalProperties</c> of each LLM call.
/// </summary>
/// <remarks>
/// LlmObservability is designed to read keys with the <c>llm.tag.</c> prefix, and <c>LlmObservability:MetricTags</c>
/// in appsettings.json lists the tags that may go on metrics. Tags outside that list stay off metrics because
/// values such as a book id would create one time series per book.
/// </remarks>
public static class LlmTags
{
    public const string Feature = "llm.tag.feature";
    public const string BookId = "llm.tag.book_id";
}
