using System.Globalization;
using BookStore.Api.Data;
using BookStore.Api.Llm;
using Microsoft.Extensions.AI;

namespace BookStore.Api.Books;

/// <summary>Chat messages and options of a book summary request.</summary>
internal static class BookSummaryPrompt
{
    public const int DefaultMaxWords = 80;

    /// <summary>
    /// Output tokens allowed per requested word. English prose averages well under 2 tokens a word, so the cap
    /// only cuts a model that ignores the word limit.
    /// </summary>
    private const int MaxOutputTokensPerWord = 2;

    public static List<ChatMessage> CreateMessages(Book book, int maxWords)
    {
        // The simulated provider reads the "at most N words" phrase and the Title/Author/Year/Description lines.
        var instruction =
            "You are the assistant of an online bookstore. Summarize the book that the user describes for a "
            + "customer who is deciding whether to buy it. Use at most "
            + maxWords.ToString(CultureInfo.InvariantCulture)
            + " words of plain prose without headings or lists. Name the author and the year of first "
            + "publication, describe the premise and the tone, and do not reveal the ending.";
        var bookDetails = string.Create(
            CultureInfo.InvariantCulture,
            $"Title: {book.Title}\nAuthor: {book.Author}\nYear: {book.Year}\nDescription: {book.Description}");

        return [new ChatMessage(ChatRole.System, instruction), new ChatMessage(ChatRole.User, bookDetails)];
    }

    /// <summary>
    /// Creates the chat options, with the business tags <c>feature</c> and <c>book_id</c> for LlmObservability.
    /// </summary>
    /// <param name="feature">Value of the <c>feature</c> tag, such as <c>summary</c>.</param>
    public static ChatOptions CreateOptions(int bookId, string? model, int maxWords, string feature) => new()
    {
        ModelId = model,
        MaxOutputTokens = maxWords * MaxOutputTokensPerWord,
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [LlmTags.Feature] = feature,
            [LlmTags.BookId] = bookId.ToString(CultureInfo.InvariantCulture),
        },
    };
}
