package dev.miniflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MiniflowApplication {
  public static void main(String[] args) {
    SpringApplication.run(MiniflowApplication.class, args);
  }
}
