package org.oneplace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OneplaceApplication {
    public static void main(String[] args) {
        SpringApplication.run(OneplaceApplication.class, args);
    }
}
