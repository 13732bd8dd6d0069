package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretScrubberTest {

    private final SecretScrubber scrubber = new SecretScrubber(List.of());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "key sk-abcdefghijklmnopqrstuvwx1234 used|key sk-*** used",
        "OPENAI=sk-proj-AbCdEf0123456789_xyzXYZ-9876 end|OPENAI=sk-proj-*** end",
        "using sk-ant-api03-AbCdEfGhIjKlMnOp-qrstu now|using sk-ant-*** now",
        "push ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ok|push ghp_*** ok",
        "gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789|gho_***",
        "ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789|ghs_***",
        "pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz done|pat github_pat_*** done",
        "login hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567 ok|login hf_*** ok",
        "aws AKIAIOSFODNN7EXAMPLE here|aws AKIA*** here",
        "WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567 python train.py|WANDB_API_KEY=*** python train.py",
        "wandb login 0123456789abcdef0123456789abcdef01234567|wandb login ***",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc|Authorization: Bearer ***",
        "Authorization: token abcdef123456|Authorization: token ***",
        "curl -H 'Bearer abcdefghijklmnop'|curl -H 'Bearer ***'",
        "export HF_TOKEN=whatever-value-1|export HF_TOKEN=***",
        "DB_PASSWORD='hunter2xx' next|DB_PASSWORD='***' next",
        "MY_SECRET: s3cr3tvalue|MY_SECRET: ***",
        "run --api-key abc123def456 --steps 10|run --api-key *** --steps 10",
        "run --token=abc123def456|run --token=***",
        "{\"api_key\": \"abc123def456\", \"steps\": 10}|{\"api_key\": \"***\", \"steps\": 10}",
        "clone https://user:pa55word@github.com/org/repo.git|clone https://***@github.com/org/repo.git"
    })
    void masksPatterns(String in, String out) {
        assertThat(scrubber.scrub(in)).isEqualTo(out);
    }

    @Test
    void masksWholePemBlock() {
        String pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcdEFGH==\n-----END RSA PRIVATE KEY-----\nafter";
        String s = scrubber.scrub(pem);
        assertThat(s).doesNotContain("MIIEowIBAAKCAQEA1234").doesNotContain("abcdEFGH").startsWith("key:\n").endsWith("after");
        assertThat(scrubber.scrub("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg truncated tail"))
                .doesNotContain("MIIEvQIBADANBg");
    }

    @Test
    void masksKnownValuesAndEnvironmentSecrets() {
        SecretScrubber s = SecretScrubber.fromEnvironment(Map.of(
                "MY_SERVICE_TOKEN", "plainvalue42", "DB_PASSWORD_FILE_CONTENT", "correcthorse",
                "HOME", "/home/user", "SHORT_KEY", "abc", "TOKENIZERS_PARALLELISM", "false"));
        assertThat(s.scrub("got plainvalue42 and correcthorse in /home/user with abc"))
                .isEqualTo("got *** and *** in /home/user with abc");
        assertThat(new SecretScrubber(List.of("abcdef", "abcdefgh")).scrub("x abcdefgh y abcdef"))
                .isEqualTo("x *** y ***");
        assertThat(new SecretScrubber(null).scrub(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 merged",
        "Saving checkpoint to /ckpt/step-9485 for step 9485",
        "skipping tokens: sk-learn is a library, task-specific risk",
        "loss_key: loss, max_tokens=512, tokenizer_name=gpt2",
        "path /home/hf_cache/models/bert-base-uncased and ghp_short",
        "iteration 10/ 10000 | lm loss: 9.876543E+00 | number of nan iterations: 0 |",
        "The Bearer of bad news"
    })
    void leavesOrdinaryTextAlone(String text) {
        assertThat(scrubber.scrub(text)).isEqualTo(text);
    }
}
