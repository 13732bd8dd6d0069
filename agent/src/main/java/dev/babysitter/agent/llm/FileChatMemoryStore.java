package dev.babysitter.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A chat's memory on disk, so that {@code babysitter chat RUN} picks the conversation up where
 * the last one left off: {@code state/runs/<run>/chat-<memory id>.json}, LangChain4j's own JSON
 * for chat messages, replaced atomically (tmp + move) so a crash mid-write leaves the previous
 * conversation, never a torn one. The window ({@code MessageWindowChatMemory}) decides what is
 * kept; this store only keeps what it is given.
 *
 * <p>Every string in a message is scrubbed before it is stored. The memory reads back from here
 * before each request, so what the model is sent is the scrubbed text too.
 */
public final class FileChatMemoryStore implements ChatMemoryStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final UnaryOperator<String> scrub;

  public FileChatMemoryStore(Path dir, UnaryOperator<String> scrub) {
    this.dir = dir;
    this.scrub = scrub;
  }

  /** The file that holds conversation {@code memoryId}. */
  public Path file(Object memoryId) {
    return dir.resolve("chat-" + String.valueOf(memoryId).replaceAll("[^A-Za-z0-9_.-]", "_")
        + ".json");
  }

  @Override
  public List<ChatMessage> getMessages(Object memoryId) {
    Path file = file(memoryId);
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(ChatMessageDeserializer.messagesFromJson(
          Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void updateMessages(Object memoryId, List<ChatMessage> messages) {
    Path file = file(memoryId);
    try {
      Files.createDirectories(dir);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, scrubbed(ChatMessageSerializer.messagesToJson(messages)),
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteMessages(Object memoryId) {
    try {
      Files.deleteIfExists(file(memoryId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Scrubs the decoded string values, not the JSON text: a pattern run over escaped JSON could
   * eat a backslash and end a string early, and a secret split by an escape would slip through.
   */
  private String scrubbed(String json) throws IOException {
    return JSON.writeValueAsString(scrub(JSON.readTree(json)));
  }

  private JsonNode scrub(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(scrub.apply(node.asText()));
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, scrub(array.get(i)));
      }
    } else if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        field.setValue(scrub(field.getValue()));
      }
    }
    return node;
  }
}
