using BookStore.Api.Books;
using BookStore.Api.Data;
using BookStore.Api.Health;
using BookStore.Api.Http;
using BookStore.Api.Llm;

var builder = WebApplication.CreateBuilder(args);

builder.AddLlmObservability();

builder.AddBookStoreData();
builder.AddBookStoreLlm();
builder.AddBookStoreBooks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyValidationMiddleware>();

await app.EnsureBookStoreDatabaseAsync();

app.MapBookEndpoints();
app.MapBookStoreHealthChecks();

await app.RunAsync();

/// <summary>Entry point, public so that integration tests can start the API with WebApplicationFactory.</summary>
public partial class Program;
