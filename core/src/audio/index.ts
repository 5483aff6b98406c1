// Audio for uploads, synthesis output and voice samples: WAV, type sniffing, resampling, loudness, VAD, denoise, MP3.
export * from './errors';
export * from './limits';
export * from './pcm';
export * from './sniff';
export * from './wav-read';
export * from './wav-write';
export * from './onnx-like';
export * from './resample';
export * from './speech-activity';
export * from './vad';
export * from './denoise';
export * from './fft';
export * from './loudness';
export * from './mp3';
export * from './mpeg-header';
export * from './upload';
