// Preload: written in the next step.
