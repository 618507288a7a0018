/** A value that follows another once it has stopped changing for a moment (typing fires one query per pause, not per key). */
import { useEffect, useState } from 'react';

export function useDebouncedValue<T>(value: T, delayMs = 150): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
