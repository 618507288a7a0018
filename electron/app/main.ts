// Electron shell entry: written in the next step.
