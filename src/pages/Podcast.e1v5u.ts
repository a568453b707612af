// Podcast: episodes newest first, with a player and show notes. The RSS feed is /_functions/podcastFeed.
import { listEpisodes } from 'backend/content.web';
import { formatDate, formatDuration } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Episode = Awaited<ReturnType<typeof listEpisodes>>[number];

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#emptyState').hide();
  $w('#episodesRepeater').onItemReady(($item, episode: Episode) => {
    $item('#episodeNumber').text = `Episode ${episode.episodeNumber}`;
    $item('#episodeTitle').text = episode.title;
    $item('#episodeMeta').text = `${formatDate(episode.publishedDate)} · ${formatDuration(episode.durationSeconds)}`;
    $item('#episodeGuests').text = episode.guests.length ? `With ${episode.guests.join(', ')}` : '';
    $item('#episodeSummary').text = episode.summary;
    $item('#episodeAudio').src = episode.audioUrl;
    $item('#episodeDownload').link = episode.audioUrl;
    $item('#episodeNotes').html = episode.showNotes;
  });
  try {
    const episodes = await listEpisodes();
    $w('#episodesRepeater').data = episodes;
    if (episodes.length === 0) showMessage($w, '#emptyState', 'The first episode is on its way.');
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
